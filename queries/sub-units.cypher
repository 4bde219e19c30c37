// name: sub-units
// answers: every sub-unit and the agency it belongs to (下属单位及其上级单位)
MATCH (u:Agency)-[:PART_OF]->(p:Agency)
RETURN p.name AS parent, u.name AS unit
ORDER BY parent, unit
