import type { UserSummary, TypedValue } from '@vavilon/contracts';
import type { UserRow } from './repository.js';

export function fullName(u: { first_name: string; last_name: string }): string {
  return `${u.first_name} ${u.last_name}`.trim();
}

export function toSummary(u: UserRow): UserSummary {
  return {
    id: u.id,
    fullName: fullName(u),
    firstName: u.first_name,
    lastName: u.last_name,
    position: u.position,
    photoUrl: u.photo_url,
    departmentId: u.department_id,
    departmentName: u.department_name,
    status: u.status,
    role: u.role,
  };
}

export function parseValues(json: string): TypedValue[] {
  try {
    return JSON.parse(json) as TypedValue[];
  } catch {
    return [];
  }
}

/** What the directory search matches, lower-cased once at write time. */
export function searchText(u: { first_name: string; last_name: string; middle_name: string; position: string; phones: string; emails: string }): string {
  const values = [...parseValues(u.phones), ...parseValues(u.emails)].map((v) => v.value);
  return [u.last_name, u.first_name, u.middle_name, u.position, ...values].join(' ').toLowerCase().slice(0, 2000);
}
