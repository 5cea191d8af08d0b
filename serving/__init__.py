"""What every surface (pages, API, admin) shares to serve a request.

* ``version`` — the data version: one query that changes whenever the data does;
* ``conditional`` — ETags, 304s and stored renderings keyed on that version;
* ``params`` — query parameters parsed one way (strict dates and integers);
* ``middleware`` — request guards for every path.
"""
