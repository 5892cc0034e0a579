import type { MigrationInterface, QueryRunner } from 'typeorm';

// lower() follows the database's collation: under the C collation (the embedded default, and many servers) it lowers
// ASCII only, so "иванова" would not find "Иванова". Cyrillic capitals are folded explicitly, and ё reads as е, so
// name search behaves the same on any server; lower() still does the rest (Latin, and more where the locale knows it).
const UPPER = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐЎҚҒҮҰҢӨҺӘё';
const LOWER = 'абвгдеежзийклмнопрстуфхцчшщъыьэюяіїєґўқғүұңөһәе';

/** fold_name(): the form of a name that search compares, with indexes on the patients' last and first names. */
export class NameSearch1795002610000 implements MigrationInterface {
  name = 'NameSearch1795002610000';

  async up(db: QueryRunner): Promise<void> {
    // A plain SQL function: the planner inlines it, so indexes on fold_name(column) serve queries that call it.
    await db.query(`CREATE FUNCTION fold_name(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT lower(translate(name, '${UPPER}', '${LOWER}')) $$`);
    await db.query(`DROP INDEX patients_last_name_idx`);
    await db.query(`CREATE INDEX patients_last_name_search_idx ON patients (fold_name(last_name) text_pattern_ops)`);
    await db.query(`CREATE INDEX patients_first_name_search_idx ON patients (fold_name(first_name) text_pattern_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX patients_first_name_search_idx`);
    await db.query(`DROP INDEX patients_last_name_search_idx`);
    await db.query(`DROP FUNCTION fold_name(text)`);
    await db.query(`CREATE INDEX patients_last_name_idx ON patients (lower(last_name) text_pattern_ops) WHERE last_name IS NOT NULL`);
  }
}
