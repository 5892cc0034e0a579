/** Lowercased name words with ё read as е: "Ёлкина  Анна" -> ["елкина", "анна"]. */
export function nameWords(name: string | null | undefined): string[] {
  return (name ?? '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean);
}

/**
 * Whether an inquiry's name can be the same person as a patient with this phone: every word of the shorter name
 * appears in the longer one ("Ольга" ~ "Петрова Ольга"). Families share phones and surnames, so "Мария Петрова"
 * is not "Ольга Петрова". A missing name (a messenger lead, a short form) matches anyone.
 */
export function namesCompatible(a: string | null | undefined, b: string | null | undefined): boolean {
  const [shorter, longer] = [nameWords(a), nameWords(b)].sort((x, y) => x.length - y.length);
  if (!shorter!.length) return true;
  const words = new Set(longer);
  return shorter!.every((word) => words.has(word));
}
