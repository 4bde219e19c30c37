"""The graph model (``schema``), its rows (``rows``) and the places that hold it:
``embedded`` (LadybugDB, the default), ``neo4j_store``, ``rdf`` and ``networkx_graph``.
Each is imported by the command that needs it, so ``govgraph --help`` stays fast."""
