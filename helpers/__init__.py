"""framelab: how English news coverage frames geopolitics.

Stages (each a module, each also a command: ``python -m helpers STAGE ...``):

- :mod:`helpers.ingest` — files, feeds and exports to one clean article table;
- :mod:`helpers.rhetoric` — sentiment, hedges, boosters, loaded and fear language, persuasion techniques;
- :mod:`helpers.quotes` — direct, partial, indirect and scare quotes with resolved speakers;
- :mod:`helpers.actors`, :mod:`helpers.frames` — actors, generic and issue frames, events, claims;
- :mod:`helpers.pipeline` — all stages over a corpus, locally or with Dask.

Shared pieces: :mod:`helpers.config` (paths), :mod:`helpers.nlp` (the one spaCy pipeline),
:mod:`helpers.jsonl` (stage input and output files).
"""
__version__ = "0.1.0"
