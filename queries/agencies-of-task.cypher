// name: agencies-of-task
// answers: the agencies of a task and their roles (某任务的牵头、配合、责任单位)
// params: task — task id, e.g. luohu-gazette-2014-04:2/t2
MATCH (a:Agency)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task {id: $task})
RETURN DISTINCT a.name AS agency,
       CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'SUPPORTS' THEN 'support' ELSE 'responsible' END AS role,
       r.role_word AS role_word, r.surface AS surface
ORDER BY role, agency, role_word, surface
