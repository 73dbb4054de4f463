/** The four roles RPs see (`educloudroles`), derived from affiliation titles. */
export type EduCloudRole = 'student' | 'teacher' | 'staff' | 'parent';
export const EDU_CLOUD_ROLES: readonly EduCloudRole[] = ['student', 'teacher', 'staff', 'parent'];

/** 學生 → student, 家長 → parent, 教師 → teacher; every other title (教務主任, 資訊組長 …) is staff. */
export function roleOfTitle(title: string): EduCloudRole {
  return title === '學生' ? 'student' : title === '家長' ? 'parent' : title === '教師' ? 'teacher' : 'staff';
}
