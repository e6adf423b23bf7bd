"""gendisclosure: department budget workbooks (.xlsx) to disclosure documents (.docx).

Stages, one module each: read → validate → context → render → write; ``api`` joins
them and ``cli`` is the command line.
"""

__version__ = "0.2.0"
INTERRUPTED = "已中断"  # how every command ends on Ctrl-C (exit status 130)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # names of workbooks read (.xlsm: saved with macros)
OLD_WORKBOOK_SUFFIX = ".xls"  # named to be refused with how to convert it
