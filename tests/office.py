"""LibreOffice as an editor uses it: open a DOCX, accept or reject every tracked change, read the text.

A Basic macro in a profile of our own does the work headless: each document is
opened hidden, settled with the same commands as Edit ▸ Track Changes ▸ Accept
All / Reject All, and saved as plain text, one line per paragraph.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

# Each job line is "<accept|reject|keep>\t<docx path>\t<text path>".
MACRO = """
Sub Settle(jobs As String)
    Dim number As Integer, line As String, parts
    number = FreeFile
    Open jobs For Input As #number
    Do While Not EOF(number)
        Line Input #number, line
        If Len(line) > 0 Then
            parts = Split(line, Chr(9))
            SettleOne(parts(0), parts(1), parts(2))
        End If
    Loop
    Close #number
End Sub

Sub SettleOne(choice As String, source As String, target As String)
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    document = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, hidden())
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    If choice = "accept" Then
        helper.executeDispatch(document.CurrentController.Frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    ElseIf choice = "reject" Then
        helper.executeDispatch(document.CurrentController.Frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
    End If
    Dim text(1) As New com.sun.star.beans.PropertyValue
    text(0).Name = "FilterName"
    text(0).Value = "Text (encoded)"
    text(1).Name = "FilterOptions"
    text(1).Value = "UTF8,LF"
    document.storeToURL(ConvertToURL(target), text())
    document.close(True)
End Sub
"""


def soffice() -> str:
    """The LibreOffice command bootstrap.sh installs."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is installed by bootstrap.sh"
    return found


def _profile(folder: Path) -> Path:
    """A LibreOffice profile of its own (instances sharing one collide), holding the macro."""
    profile = folder / "profile"
    module_file = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module_file.exists() or "Settle" not in module_file.read_text(encoding="utf-8"):
        # LibreOffice writes a new profile's macros itself on its first start: ours go in after.
        subprocess.run([soffice(), "--headless", "--norestore", "--terminate_after_init",
                        f"-env:UserInstallation=file://{profile}"], check=True, capture_output=True, timeout=120)
        module = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
                  '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
                  f'script:language="StarBasic">{escape(MACRO)}</script:module>\n')
        module_file.write_text(module, encoding="utf-8")
    return profile


def settled_texts(jobs: list[tuple[str, Path]], folder: Path) -> list[list[str]]:
    """For each (choice, docx) — choice 'accept', 'reject' or 'keep' — the paragraphs LibreOffice shows
    once every tracked change is accepted, rejected, or left as it is; one LibreOffice run for all."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = _profile(folder)
    lines, targets = [], []
    for number, (choice, source) in enumerate(jobs):
        target = folder / f"{number}-{choice}.txt"
        targets.append(target)
        lines.append(f"{choice}\t{Path(source).resolve()}\t{target}")
    listing = folder / "jobs.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    f'macro:///Standard.Module1.Settle("{listing}")'],
                   check=True, capture_output=True, timeout=300)
    missing = [str(t) for t in targets if not t.exists()]
    assert not missing, f"LibreOffice wrote no text for {missing}"
    return [t.read_text(encoding="utf-8-sig").split("\n") for t in targets]
