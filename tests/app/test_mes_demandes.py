"""« Mes demandes », « Par emplacement », « Calendrier » and the actions on an opened request."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core import request_actions
from core.attachments import Upload, add_attachments
from core.request_lists import local_today
from core.request_service import create_request
from db.models import History, MailOutbox, Request
from tests.app.requests_app import NEXT_WEEK, count, errors, open_as, texts, world_db
from tests.factories import make_request
from tests.request_world import pdf_bytes, valid_form

__all__ = ["world_db"]


def make(engine, world, *, when=NEXT_WEEK, reserve=False, **changes) -> Request:
    with Session(engine, expire_on_commit=False) as session:
        saved = create_request(session=session, actor=session.get(type(world["owner"]), world["owner"].id),
                               form=valid_form(world, service_date=when, **changes),
                               uploads=[Upload("lettre.pdf", pdf_bytes())])
        if reserve:
            request_actions.confirm(session=session, request=saved.request, actor=world["coord"],
                                    interpreter_id=world["interpreter"].id)
        session.commit()
        return saved.request


def open_modification(world, request):
    """The owner's home page, « Demain », the request opened and « Modifier » clicked."""
    at = open_tomorrow(world)
    return at.button(key=f"modify_{request.id}").click().run()


def stored_today(engine, world, **fields) -> Request:
    """A request of today stored as is (the form would refuse an hour already past)."""
    with Session(engine, expire_on_commit=False) as session:
        request = make_request(session, ref=world, requester=world["owner"], service_date=local_today(),
                               number=f"2026-9{len(fields):05d}", **fields)
        add_attachments(session=session, request=request, uploads=[Upload("lettre.pdf", pdf_bytes())])
        session.commit()
        return request


def select_row(at, prefix: str, row: int = 0):
    at.session_state[f"{prefix}_table"] = {"selection": {"rows": [row], "columns": []}}
    return at.run()


def open_tomorrow(world, person: str = "owner"):
    """The home page of `person`, period « Demain », first row opened."""
    at = open_as(world[person])
    at.radio(key="home_period").set_value("Demain").run()
    return select_row(at, "home")


def test_home_shows_today_by_default_and_tomorrow_with_the_preset(world_db):
    engine, world = world_db
    today = stored_today(engine, world)
    tomorrow = make(engine, world, when=local_today() + timedelta(days=1))
    at = open_as(world["owner"])
    assert at.title[0].value == "Demandes de réservation – Mes demandes"
    assert list(at.dataframe[0].value["Numéro"]) == [today.number]
    at.radio(key="home_period").set_value("Demain").run()
    assert list(at.dataframe[0].value["Numéro"]) == [tomorrow.number]
    at.selectbox(key="home_language").select(world["ar"].id).run()
    assert "Aucune de vos demandes" in texts(at)


def test_selecting_a_row_opens_every_field_attachments_and_history(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1), note_to_coordinators="Convenu")
    at = open_tomorrow(world)
    shown = texts(at)
    assert request.number in at.subheader[0].value and "★ Nouveau" in at.subheader[0].value
    assert "Lieu de rendez-vous : **Clinique externe, local 2.114**" in shown
    assert "Note aux coordonnateurs : **Convenu**" in shown and "Historique" in shown
    assert any("lettre.pdf" in b.label for b in at.get("download_button"))
    assert {b.label for b in at.button} >= {"Modifier", "Demande d'annulation", "Dupliquer / Répéter"}


def test_colleague_sees_it_under_par_emplacement_read_only_without_the_note(world_db):
    engine, world = world_db
    request = stored_today(engine, world, note_to_coordinators="Convenu")
    at = open_as(world["colleague"], "app_pages/par_emplacement.py")
    assert list(at.dataframe[0].value["Numéro"]) == [request.number]
    at = select_row(at, "location")
    shown = texts(at)
    assert "consultation seulement" in shown and "Convenu" not in shown and "Historique" not in shown
    labels = {b.label for b in at.button}
    assert not labels & {"Modifier", "Demande d'annulation", "Dupliquer / Répéter"}
    assert any("lettre.pdf" in b.label for b in at.get("download_button"))


def test_modifying_a_reserved_request_makes_it_modifie(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1), reserve=True)
    at = open_modification(world, request)
    assert any("Modifié" in i.value for i in at.info)
    at.text_input(key=f"edit_{request.id}_location").input("Pavillon B, local 4.200").run()
    at.button(key=f"edit_{request.id}_save").click().run()
    assert not at.exception
    assert "↻ Modifié" in at.success[0].value
    with Session(engine) as session:
        stored = session.get(Request, request.id)
        assert stored.status == "modifie" and stored.location == "Pavillon B, local 4.200"
        mails = select(MailOutbox).where(MailOutbox.to_address == world["interpreter"].email)
        assert session.exec(mails).first()


def test_modification_refused_keeps_the_request(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1))
    at = open_modification(world, request)
    at.selectbox(key=f"edit_{request.id}_target_language_id").select(world["fr"].id).run()
    at.button(key=f"edit_{request.id}_save").click().run()
    assert any("différente de la langue de départ" in e for e in errors(at))
    with Session(engine) as session:
        assert session.get(Request, request.id).target_language_id == world["es"].id


def test_cancel_near_service_warns_it_is_billable_then_annule(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1), reserve=True)
    at = open_tomorrow(world)
    at.button(key=f"cancel_{request.id}").click().run()
    assert any("facturée" in w.value for w in at.warning)
    assert at.button(key=f"cancel_{request.id}_confirm").disabled
    at.selectbox(key=f"cancel_{request.id}_detail").select("Usager absent")
    at.checkbox(key=f"cancel_{request.id}_billable").check().run()
    at.button(key=f"cancel_{request.id}_confirm").click().run()
    assert "✖ Annulé" in at.success[0].value
    with Session(engine) as session:
        stored = session.get(Request, request.id)
        assert stored.status == "annule" and stored.late_cancellation
        assert stored.cancel_detailed_reason == "Usager absent"


def test_cancel_back_button_changes_nothing(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=20))
    at = open_as(world["owner"])
    at.radio(key="home_period").set_value("Période personnalisée").run()
    month_ahead = (local_today(), local_today() + timedelta(days=30))
    at.date_input(key="home_custom_range").set_value(month_ahead).run()
    at = select_row(at, "home")
    at.button(key=f"cancel_{request.id}").click().run()
    assert not at.warning
    at.button(key=f"cancel_{request.id}_back").click().run()
    assert at.button(key=f"modify_{request.id}")
    with Session(engine) as session:
        assert session.get(Request, request.id).status == "nouveau"


def test_repeat_weekly_creates_copies(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1))
    at = open_tomorrow(world)
    at.button(key=f"repeat_{request.id}").click().run()
    at.radio(key=f"repeat_{request.id}_how").set_value("Répéter chaque semaine").run()
    at.number_input(key=f"repeat_{request.id}_weeks").set_value(3).run()
    at.button(key=f"repeat_{request.id}_create").click().run()
    assert "3 copie(s) créée(s)" in at.success[0].value
    assert count(engine, Request) == 4


def test_calendar_lists_events_and_opens_one_from_the_keyboard_selector(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1))
    at = open_as(world["owner"], "app_pages/calendrier.py")
    assert not at.exception
    if (local_today() + timedelta(days=1)).month != local_today().month:
        at.radio(key="calendar_period").set_value("Mois prochain").run()
    at.selectbox(key="calendar_opened_id").select(request.id).run()
    assert request.number in at.subheader[0].value


def test_a_draft_found_again_is_transmitted_with_sauvegarder(world_db):
    engine, world = world_db
    with Session(engine, expire_on_commit=False) as session:
        draft = create_request(session=session, actor=session.get(type(world["owner"]), world["owner"].id),
                               form=valid_form(world, service_date=local_today() + timedelta(days=1)),
                               transmit=False).request
        session.commit()
    at = open_tomorrow(world)
    assert "✎ Brouillon" in at.subheader[0].value
    at.button(key=f"submit_draft_{draft.id}").click().run()
    assert "Demande transmise à la BI" in at.success[0].value and "★ Nouveau" in at.success[0].value
    with Session(engine) as session:
        stored = session.get(Request, draft.id)
        assert stored.status == "nouveau" and stored.number


def test_keyboard_selector_opens_a_request_and_fermer_closes_it(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1))
    at = open_as(world["owner"])
    at.radio(key="home_period").set_value("Demain").run()
    at.selectbox(key="home_open").select(request.id).run()
    assert request.number in at.subheader[0].value
    at.button(key="home_close").click().run()
    assert not at.subheader


def test_calendar_click_on_an_event_opens_the_request(world_db):
    engine, world = world_db
    request = stored_today(engine, world)
    at = open_as(world["owner"], "app_pages/calendrier.py")
    key = f"calendar_mes_demandes_{local_today():%Y%m}"
    at.session_state[key] = {"callback": "eventClick", "eventClick": {"event": {"id": str(request.id)}}}
    at.run()
    assert request.number in at.subheader[0].value


def test_saving_without_any_change_says_so_and_keeps_reserve(world_db):
    engine, world = world_db
    request = make(engine, world, when=local_today() + timedelta(days=1), reserve=True)
    at = open_modification(world, request)
    at.button(key=f"edit_{request.id}_save").click().run()
    assert "Aucune modification" in at.info[0].value
    with Session(engine) as session:
        assert session.get(Request, request.id).status == "reserve"


def test_the_requester_exports_the_list_they_see(world_db):
    """« Exporter cette liste »: the file holds the shown period's requests, and is audited."""
    engine, world = world_db
    tomorrow = make(engine, world, when=local_today() + timedelta(days=1))
    make(engine, world)  # next week: outside « Demain »
    at = open_as(world["owner"])
    at.radio(key="home_period").set_value("Demain").run()
    at.button(key="home_export_prepare").click().run()
    assert not at.exception and not at.error
    exported = at.session_state["home_export_file"]
    assert exported.rows == 1 and tomorrow.number.encode() in exported.data
    with Session(engine) as session:
        audit = session.exec(select(History).where(History.entity == "export")).all()
    assert [row.actor_id for row in audit] == [world["owner"].id]
