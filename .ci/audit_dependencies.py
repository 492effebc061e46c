"""Supply chain check for CI: pip-audit on requirements.txt against PyPI's advisory service.

Exit 1 when a dependency has a known vulnerability (or pip-audit fails for another reason).
Exit 0 with a clear warning when only the network or the service is at fault: PyPI or its
advisory data unreachable, or every package answered "not found" (a mirror that serves the
package index but not PyPI's JSON API, where the advisories are). "No known vulnerability" is
printed only when packages were really audited.
"""
from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path

NETWORK_SIGNS = ("NewConnectionError", "ConnectionError", "Connection refused", "Max retries exceeded",
                 "Temporary failure in name resolution", "Name or service not known", "timed out",
                 "Network is unreachable", "Could not find a version that satisfies")
UNREACHABLE = ("AVERTISSEMENT pip-audit : service d'avis de sécurité injoignable (réseau ou service "
               "seulement) ; l'audit n'a PAS pu être fait pour : ")


def _run(requirements: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        # Fixed argument list, no shell.
        result = subprocess.run([str(pip_audit), "-r", requirements, "--progress-spinner", "off",  # nosec B603
                                 "--timeout", "30", "-f", "json", "-o", str(report)],
                                capture_output=True, text=True, check=False)
        dependencies = (json.loads(report.read_text(encoding="utf-8")).get("dependencies", [])
                        if report.is_file() else [])
    return result, dependencies


def _findings(dependencies: list[dict]) -> list[str]:
    return [f"{d['name']} {d.get('version', '?')}: {v['id']} "
            f"(corrigé dans {', '.join(v.get('fix_versions') or ['?'])})"
            for d in dependencies for v in d.get("vulns", [])]


def main(requirements: str = "requirements.txt") -> int:
    result, dependencies = _run(requirements)
    findings = _findings(dependencies)
    if findings:
        print("pip-audit : vulnérabilités connues dans les dépendances :", *findings, sep="\n  ")
        return 1
    skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if result.returncode != 0 and not dependencies:
        if any(sign in result.stderr for sign in NETWORK_SIGNS):
            print(UNREACHABLE + requirements, *result.stderr.strip().splitlines()[-2:], sep="\n")
            return 0
        print("pip-audit a échoué :", result.stderr.strip(), sep="\n")
        return 1
    if skipped:
        print(UNREACHABLE + ", ".join(skipped) + " (réponse « introuvable sur PyPI »).")
    if audited:
        print(f"pip-audit : aucune vulnérabilité connue dans les {audited} paquets audités de {requirements}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
