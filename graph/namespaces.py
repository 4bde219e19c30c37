"""The prefixes of govgraph's RDF as plain IRIs, in a module that loads no RDF library:
SPARQL on Oxigraph declares them without paying rdflib's import on every query."""

BASE = "https://govgraph.example/id/"
PREFIX_IRIS = {
    "gg": "https://govgraph.example/ns#",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
