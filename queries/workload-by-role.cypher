// name: workload-by-role
// answers: how many tasks each agency leads, supports and is responsible for (各机构按角色统计的任务数)
MATCH (a:Agency)
OPTIONAL MATCH (a)-[l:LEADS]->(:Task)
WITH a, count(l) AS lead
OPTIONAL MATCH (a)-[s:SUPPORTS]->(:Task)
WITH a, lead, count(s) AS support
OPTIONAL MATCH (a)-[r:RESPONSIBLE_FOR]->(:Task)
WITH a, lead, support, count(r) AS responsible
WHERE lead + support + responsible > 0
RETURN a.name AS agency, lead, support, responsible, lead + support + responsible AS total
ORDER BY total DESC, agency
