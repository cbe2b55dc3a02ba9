"""Turn the log of an Odoo test run into a JUnit report for summary.py.

Usage: odoo_junit.py ODOO_LOG OUT_XML [SECONDS]

Odoo ends a run with "odoo.tests.result: F failed, E error(s) of N tests";
each failing test logs "FAIL: Class.method" or "ERROR: Class.method", each
skipped one "skipped Class.method : reason". A module whose demo data failed
to load counts as one more error. Prints one line of figures and
exits non-zero when a test failed or the closing line is missing.
"""

import re
import sys
import xml.etree.ElementTree as ET

RESULT = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")
BROKEN = re.compile(r" ERROR \S+ (\S+): (FAIL|ERROR): (.+)$")
SKIPPED = re.compile(r" INFO \S+ odoo\.addons\.\S+: skipped ")
# Odoo only warns, and goes on without the demo data the tests expect.
NO_DEMO = re.compile(r"Module (\S+) demo data failed to install")


def main(log_path, out_path, seconds="?"):
    with open(log_path, encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()
    result = None
    broken, no_demo, skipped = [], [], 0
    for line in lines:
        if match := RESULT.search(line):
            result = tuple(int(n) for n in match.groups())
        elif match := BROKEN.search(line):
            broken.append(match.groups())
        elif SKIPPED.search(line):
            skipped += 1
        elif match := NO_DEMO.search(line):
            no_demo.append(match[1])

    suite = ET.Element("testsuite", name="odoo")
    if result is None:
        # Odoo stopped before its closing line: an install or a crash.
        failures, errors, tests, skipped = 0, 1, 1, 0
        case = ET.SubElement(suite, "testcase", classname="odoo", name="run")
        ET.SubElement(case, "error", message=f"no test result in {log_path}")
    else:
        failures, errors, tests = result
        errors, tests = errors + len(no_demo), tests + len(no_demo)
        broken += [("odoo.modules.loading", "ERROR", f"{name} demo data") for name in no_demo]
        for logger, kind, test in broken:
            case = ET.SubElement(suite, "testcase", classname=logger, name=test)
            ET.SubElement(case, "failure" if kind == "FAIL" else "error", message=kind)
    suite.attrib.update(
        tests=str(tests), failures=str(failures), errors=str(errors), skipped=str(skipped)
    )
    ET.ElementTree(suite).write(out_path, encoding="utf-8", xml_declaration=True)

    passed = tests - failures - errors - skipped
    print(
        f"odoo: {passed} passed, {failures + errors} failed, {skipped} skipped "
        f"of {tests} tests in {seconds} s"
    )
    for logger, kind, test in broken:
        print(f"  {kind}: {logger.removeprefix('odoo.addons.')} {test}")
    return 1 if result is None or failures or errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
