// name: workload-by-role
// answers: how many tasks each agency leads, supports and is responsible for (各机构按角色统计的任务数)
// total: the agency's assignments (task–role pairs, 分工数), as in `govgraph workload`; a task named twice counts once
MATCH (a:Agency)
OPTIONAL MATCH (a)-[:LEADS]->(l:Task)
WITH a, count(DISTINCT l) AS lead
OPTIONAL MATCH (a)-[:SUPPORTS]->(s:Task)
WITH a, lead, count(DISTINCT s) AS support
OPTIONAL MATCH (a)-[:RESPONSIBLE_FOR]->(r:Task)
WITH a, lead, support, count(DISTINCT r) AS responsible
WHERE lead + support + responsible > 0
RETURN a.name AS agency, lead, support, responsible, lead + support + responsible AS total
ORDER BY total DESC, agency
