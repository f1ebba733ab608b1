"""Official administrative units: the lists before and since 01/7/2025, and
the places of a plan that name a unit.

    names.py      how clerks write unit names; where a text names a unit (no list loaded)
    places.py     the places of a plan that name a unit, checked against the list in force
    catalogue.py  the two lists, read from data/ when first needed
    build.py      regenerates data/ from the vietnamadminunits package (not used at run time)
"""
