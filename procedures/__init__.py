"""The catalogue of administrative procedures and their pages: a client of the case engine
(``applications``), whose case-definition protocol ``ProcedurePage`` implements."""
