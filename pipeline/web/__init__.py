"""The web page (``gendisclosure serve``): clerks upload a workbook and see every problem
at its cell or a preview of the document; the finance bureau sees a whole folder.

:func:`pipeline.web.app.create_app` makes the Flask application;
:func:`pipeline.web.server.serve` serves it with waitress. See docs/web.md.
"""
