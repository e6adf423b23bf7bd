"""Convert .docx files to PDF inside LibreOffice, updating their indexes first.

This script runs under LibreOffice's own Python (the one that can ``import uno``), not
under gendisclosure's, so it imports nothing from the package. A plain
``soffice --convert-to pdf`` prints a table of contents as last saved; loading the
document and updating its indexes fills in the list of tables with page numbers.

    python uno_convert.py SOFFICE PROFILE_URL JOBS_FILE

JOBS_FILE holds one "source.docx<TAB>target.pdf" per line. One line is printed per
converted file: "ok<TAB>target" or "error<TAB>target<TAB>reason".
"""

import subprocess
import sys
import time
import uuid


def main():
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    soffice, profile, jobs_file = sys.argv[1:4]
    pipe = "gendisclosure" + uuid.uuid4().hex
    office = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
         "--nologo", "--accept=pipe,name=" + pipe + ";urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(240):
            try:
                context = resolver.resolve(
                    "uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
                break
            except Exception:
                if office.poll() is not None:
                    break
                time.sleep(0.25)
        if context is None:
            print("error\t*\tLibreOffice did not start", flush=True)
            return 1
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        with open(jobs_file, encoding="utf-8") as handle:
            jobs = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
        for source, target in jobs:
            try:
                document = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(source), "_blank", 0,
                    (prop("Hidden", True), prop("ReadOnly", True)))
                indexes = document.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                document.storeToURL(uno.systemPathToFileUrl(target),
                                    (prop("FilterName", "writer_pdf_Export"),))
                document.close(True)
                print("ok\t" + target, flush=True)
            except Exception as exc:  # reported per file; the others go on
                print("error\t" + target + "\t" + str(exc).replace("\n", " "), flush=True)
        try:
            desktop.terminate()
        except Exception:
            pass
        return 0
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main())
