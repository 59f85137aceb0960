/** Russian ЙЦУКЕН keys as typed with the English layout on: «cltkrf» is «сделка». */
const EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const RU = 'йцукенгшщзхъфывапролджэячсмитьбюё';

export function switchLayout(text: string): string | null {
  let changed = false;
  let out = '';
  for (const ch of text.toLowerCase()) {
    const i = EN.indexOf(ch);
    if (i >= 0) {
      out += RU[i];
      changed = true;
    } else out += ch;
  }
  return changed ? out : null;
}
