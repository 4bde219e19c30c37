// name: collaborating-pairs
// answers: pairs of agencies named on the same tasks, and how many (协同单位对及共同任务数)
MATCH (a:Agency)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)<-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]-(b:Agency)
WHERE a.name < b.name
RETURN a.name AS agency_a, b.name AS agency_b, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, agency_a, agency_b
