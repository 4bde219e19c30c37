// name: tasks-of-agency
// answers: every task of an agency, with its role and deadline (某机构的全部任务及其角色)
// params: agency — an agency as written: its name, an alias or a short form, e.g. 罗湖区财政局, 区财政局
MATCH (a:Agency {name: $agency})-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)
RETURN DISTINCT t.id AS task,
       CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'SUPPORTS' THEN 'support' ELSE 'responsible' END AS role,
       t.document AS document, t.path AS path, t.deadline AS deadline, t.text AS text
ORDER BY task, role
