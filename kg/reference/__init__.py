"""Reference data: gazetteers and rule tables under `ontology/`, loaded and validated once.

A stage between ingest and extract: extractors read it to find names, the RDF mapping reads it
to describe the schemes; it imports neither, so neither imports the other.
"""
