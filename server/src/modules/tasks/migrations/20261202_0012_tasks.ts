import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * Tasks and projects: the task and its participants, checklist, tags, dependencies (Gantt), time
 * spent, links to CRM items, results, reminders; «Мой план» stages; Scrum epics and sprints;
 * templates (also repeating ones) and saved list filters.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  const user = (c: any) => c.references('app_user.id').onDelete('set null');
  const userNotNull = (c: any) => c.notNull().references('app_user.id').onDelete('cascade');
  const task = (c: any) => c.notNull().references('task.id').onDelete('cascade');

  await db.schema
    .createTable('task_epic')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('work_group.id').onDelete('cascade'))
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('color', 'varchar(7)', (c) => c.notNull().defaultTo('#2fc6f6'))
    .addColumn('created_by', 'integer', user)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('task_epic_group').on('task_epic').columns(['portal_id', 'group_id']).execute();

  await db.schema
    .createTable('task_sprint')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('work_group.id').onDelete('cascade'))
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull().defaultTo(''))
    // planned → active → completed; one active sprint per Scrum project.
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('planned'))
    .addColumn('date_start', 'varchar(10)')
    .addColumn('date_end', 'varchar(10)')
    .addColumn('started_at', t.timestamp)
    .addColumn('completed_at', t.timestamp)
    // Story points when the sprint started and those done when it completed (team velocity).
    .addColumn('planned_points', 'integer')
    .addColumn('completed_points', 'integer')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', user)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('task_sprint_group').on('task_sprint').columns(['portal_id', 'group_id', 'status']).execute();

  await db.schema
    .createTable('task')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // pending «Ждёт выполнения», in_progress «Выполняется», review «Ждёт контроля», completed «Завершена», deferred «Отложена».
    .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('important', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'integer', user)
    .addColumn('responsible_id', 'integer', user)
    .addColumn('group_id', 'integer', (c) => c.references('work_group.id').onDelete('set null'))
    .addColumn('parent_id', 'integer', (c) => c.references('task.id').onDelete('set null'))
    .addColumn('deadline', t.timestamp)
    // «Разрешить ответственному менять крайний срок».
    .addColumn('allow_change_deadline', t.flag, (c) => c.notNull().defaultTo(1))
    // «Принять работу после завершения задачи»: completing by anyone but the creator waits for their control.
    .addColumn('task_control', t.flag, (c) => c.notNull().defaultTo(0))
    // A result («Результат») must be written before the task can be completed.
    .addColumn('require_result', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('start_plan', t.timestamp)
    .addColumn('end_plan', t.timestamp)
    .addColumn('started_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('closed_by', 'integer', user)
    .addColumn('estimate_seconds', 'integer')
    .addColumn('time_spent_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    // Scrum: story points, epic, sprint (none: the backlog), the order within the backlog or sprint.
    .addColumn('story_points', 'integer')
    .addColumn('epic_id', 'integer', (c) => c.references('task_epic.id').onDelete('set null'))
    .addColumn('sprint_id', 'integer', (c) => c.references('task_sprint.id').onDelete('set null'))
    .addColumn('scrum_sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('template_id', 'integer')
    .addColumn('comments_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('activity_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('task_portal_group').on('task').columns(['portal_id', 'group_id', 'status']).execute();
  await db.schema.createIndex('task_portal_deadline').on('task').columns(['portal_id', 'deadline']).execute();
  await db.schema.createIndex('task_parent').on('task').columns(['portal_id', 'parent_id']).execute();
  await db.schema.createIndex('task_sprint_idx').on('task').columns(['portal_id', 'sprint_id']).execute();

  // Every participant with their role: creator, responsible, accomplice («Соисполнитель»), auditor («Наблюдатель»).
  // `status` and `deadline` are the task's, copied here so a user's lists and counters read one index.
  await db.schema
    .createTable('task_member')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('role', 'varchar(12)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('deadline', t.timestamp)
    .addPrimaryKeyConstraint('task_member_pk', ['task_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('task_member_user').on('task_member').columns(['portal_id', 'user_id', 'role', 'status', 'deadline', 'task_id']).execute();
  await db.schema.createIndex('task_member_user_deadline').on('task_member').columns(['portal_id', 'user_id', 'deadline', 'task_id']).execute();

  await db.schema
    .createTable('task_checklist_item')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    // Items sit in a group of items (a row with `is_group`); the group is the parent.
    .addColumn('parent_id', 'integer', (c) => c.references('task_checklist_item.id').onDelete('cascade'))
    .addColumn('is_group', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'varchar(1000)', (c) => c.notNull())
    .addColumn('is_complete', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('assignee_id', 'integer', user)
    .addColumn('completed_by', 'integer', user)
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_checklist_task').on('task_checklist_item').columns(['portal_id', 'task_id', 'sort']).execute();

  await db.schema
    .createTable('task_tag')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('tag', 'varchar(100)', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_tag_pk', ['task_id', 'tag'])
    .execute();
  await db.schema.createIndex('task_tag_tag').on('task_tag').columns(['portal_id', 'tag', 'task_id']).execute();

  // Gantt links: `kind` finish_start (the default), start_start, finish_finish, start_finish.
  await db.schema
    .createTable('task_dependency')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('predecessor_id', 'integer', task)
    .addColumn('successor_id', 'integer', task)
    .addColumn('kind', 'varchar(14)', (c) => c.notNull().defaultTo('finish_start'))
    .addColumn('created_by', 'integer', user)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_dependency_pair').on('task_dependency').columns(['predecessor_id', 'successor_id']).unique().execute();
  await db.schema.createIndex('task_dependency_succ').on('task_dependency').columns(['portal_id', 'successor_id']).execute();
  await db.schema.createIndex('task_dependency_pred').on('task_dependency').columns(['portal_id', 'predecessor_id']).execute();

  await db.schema
    .createTable('task_time')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('user_id', 'integer', user)
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .addColumn('comment', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'varchar(10)', (c) => c.notNull().defaultTo('manual'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_time_task').on('task_time').columns(['portal_id', 'task_id']).execute();
  await db.schema.createIndex('task_time_user').on('task_time').columns(['portal_id', 'user_id', 'started_at']).execute();

  // The running timer of a user: one at a time, as in Bitrix24.
  await db.schema
    .createTable('task_timer')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('task_id', 'integer', task)
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('task_timer_pk', ['portal_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('task_crm_link')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_crm_link_pk', ['task_id', 'entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('task_crm_link_item').on('task_crm_link').columns(['portal_id', 'entity_type', 'entity_id']).execute();

  // «Результат»: a comment of the task marked as its result.
  await db.schema
    .createTable('task_result')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('comment_id', 'integer')
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', user)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_result_task').on('task_result').columns(['portal_id', 'task_id']).execute();

  await db.schema
    .createTable('task_reminder')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('remind_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_reminder_task').on('task_reminder').columns(['portal_id', 'task_id']).execute();

  // When each user last looked at a task: comments after it are «new comments» to them.
  await db.schema
    .createTable('task_view')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('task_id', 'integer', task)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('viewed_at', t.timestamp, (c) => c.notNull())
    .addColumn('seen_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('task_view_pk', ['task_id', 'user_id'])
    .execute();
  await db.schema.createIndex('task_view_user').on('task_view').columns(['portal_id', 'user_id']).execute();

  // «Мой план»: each user's own stages and where their tasks sit on them.
  await db.schema
    .createTable('task_plan_stage')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('title', 'varchar(100)', (c) => c.notNull())
    .addColumn('color', 'varchar(7)', (c) => c.notNull().defaultTo('#00c4fb'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_plan_stage_user').on('task_plan_stage').columns(['portal_id', 'user_id', 'sort']).execute();
  await db.schema
    .createTable('task_plan_item')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('task_id', 'integer', task)
    .addColumn('stage_id', 'integer', (c) => c.notNull().references('task_plan_stage.id').onDelete('cascade'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('task_plan_item_pk', ['user_id', 'task_id'])
    .execute();
  await db.schema.createIndex('task_plan_item_stage').on('task_plan_item').columns(['portal_id', 'stage_id', 'sort']).execute();

  // Templates («Шаблоны»): the task to create, as JSON (participants, checklist, subtasks, tags, the
  // deadline after creation), and an optional repetition (an RRULE) with the next time it is due.
  await db.schema
    .createTable('task_template')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('body', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('rrule', 'varchar(500)')
    .addColumn('repeat_from', t.timestamp)
    .addColumn('repeat_until', t.timestamp)
    .addColumn('repeat_count', 'integer')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_run_at', t.timestamp)
    .addColumn('active', t.flag, (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', user)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('task_template_creator').on('task_template').columns(['portal_id', 'created_by']).execute();
  // One task per template and occurrence: a repetition never creates its task twice.
  await db.schema
    .createTable('task_template_run')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('template_id', 'integer', (c) => c.notNull().references('task_template.id').onDelete('cascade'))
    .addColumn('occurrence', 'varchar(40)', (c) => c.notNull())
    .addColumn('task_id', 'integer', (c) => c.references('task.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('task_template_run_pk', ['template_id', 'occurrence'])
    .execute();

  // Saved filter presets of the task list, per user.
  await db.schema
    .createTable('task_filter_preset')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('user_id', 'integer', userNotNull)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('filter', t.json, (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_filter_preset_user').on('task_filter_preset').columns(['portal_id', 'user_id']).execute();
}
