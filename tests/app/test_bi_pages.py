"""« Exportations », « Tableau de bord » and « Administration » through AppTest."""
from __future__ import annotations


from sqlmodel import Session, select

from db.engine import build_engine
from db.models import History, InterpreterLanguage, Language, User
from tests.app.bi_world import frame_with, signed_in, texts, world  # noqa: F401  (fixture)


def test_export_of_the_filtered_table_is_downloadable_and_audited(world):
    at = signed_in("coord@bi.test")
    at.switch_page("app_pages/exportations.py").run()
    at.multiselect(key="export_statuses").select("en_attente").select("modifie").run()
    assert "**2 demande(s)** correspondent à ces filtres." in texts(at)
    at.button(key="export_prepare").click().run()
    assert not at.exception
    download = at.get("download_button")[0]
    assert "(2 lignes)" in download.proto.label
    with Session(build_engine(world.url)) as session:
        [row] = session.exec(select(History).where(History.entity == "export")).all()
    assert row.actor_id == world.ids["coord"] and '"lignes": 2' in row.detail


def test_dashboard_shows_figures_and_tables(world):
    at = signed_in("coord@bi.test")
    at.switch_page("app_pages/tableau_de_bord.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Demandes transmises"] == "3"  # the two 2020 services are outside the period
    assert metrics["Taux de comblement"] == "33 %"  # the Modifié one
    statuses = frame_with(at, "Statut")
    assert dict(zip(statuses["Statut"], statuses["Demandes"]))["Nouveau"] == 1


def test_admin_adds_an_installation_and_sets_an_interpreters_languages(world):
    at = signed_in("admin@bi.test")
    at.switch_page("app_pages/listes_de_reference.py").run()
    at.button(key="admin_inst_add").click().run()
    assert "Choisissez l'établissement." in at.error[0].value
    at.selectbox(key="admin_inst_etab").select(world.ids["etab"])
    at.text_input(key="admin_inst_nom").input("CLSC Saint-Michel")
    at.button(key="admin_inst_add").click().run()
    assert [s.value for s in at.success] == ["Installation ajoutée."]
    assert "CLSC Saint-Michel" in set(frame_with(at, "Installation")["Installation"])
    at.selectbox(key="admin_interp").select(world.ids["omar"]).run()
    at.multiselect(key=f"admin_interp_langs_{world.ids['omar']}").select(world.ids["ar"])
    at.button(key="admin_interp_save").click().run()
    assert [s.value for s in at.success] == ["Profil de l'interprète enregistré."]
    with Session(build_engine(world.url)) as session:
        spoken = session.exec(select(Language.code).join(
            InterpreterLanguage, InterpreterLanguage.language_id == Language.id)
            .where(InterpreterLanguage.interpreter_id == world.ids["omar"])).all()
    assert sorted(spoken) == ["ar-MA", "es"]


def test_admin_deactivates_an_account_and_changes_its_role(world):
    at = signed_in("admin@bi.test")
    at.switch_page("app_pages/administration.py").run()
    omar = world.ids["omar"]
    at.selectbox(key="account_edit_choice").select(omar).run()
    at.selectbox(key=f"account_edit_{omar}_role").select("demandeur")
    at.button(key=f"account_edit_{omar}_save").click().run()
    assert "Un demandeur doit être rattaché à au moins une installation." in at.error[0].value
    at.multiselect(key=f"account_edit_{omar}_installations").select(world.ids["inst_a"])
    at.checkbox(key=f"account_edit_{omar}_active").uncheck()
    at.button(key=f"account_edit_{omar}_save").click().run()
    assert [s.value for s in at.success] == ["Compte mis à jour."]
    with Session(build_engine(world.url)) as session:
        stored = session.get(User, omar)
    assert stored.role == "demandeur" and not stored.is_active
