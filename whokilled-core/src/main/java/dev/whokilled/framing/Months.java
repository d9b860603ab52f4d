package dev.whokilled.framing;

/**
 * Month names as {@code strftime("%b")} prints them in the locales seen in pasted logs.
 *
 * <p>{@code dmesg -T}, {@code dmesg -H} and {@code journalctl} print the month in the machine's locale, so a log
 * from a Chinese, Spanish or Russian machine says {@code 12月}, {@code dic} or {@code дек}. English is checked
 * first and without allocation; the other names are a short table of prefixes, longest first where two
 * languages share a start ({@code juin}/{@code juil} before {@code jun}/{@code jul}).
 */
final class Months {

  /** Prefixes and their month, longest first within a shared start. Compared ignoring case. */
  private static final String[] NAMES = {
    // French and the longer forms first, so that "juin" is not read as "jui…" of another month.
    "janv", "févr", "fevr", "mars", "avr", "juin", "juil", "août", "aout", "sept", "déc",
    // German, Dutch, Italian, Spanish, Portuguese, and the shared three-letter forms.
    "jan", "feb", "mär", "mrz", "mrt", "mar", "apr", "may", "mai", "mei", "mag", "jun", "jul", "aug", "ago",
    "sep", "set", "oct", "okt", "ott", "out", "nov", "dec", "dez", "dic", "gen", "ene", "fév", "fev", "abr",
    "giu", "lug", "aoû",
    // Russian (nominative and genitive share these starts).
    "янв", "фев", "мар", "апр", "май", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
  };

  private static final byte[] MONTH_OF = {
    1, 2, 2, 3, 4, 6, 7, 8, 8, 9, 12,
    1, 2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 8, 8,
    9, 9, 10, 10, 10, 10, 11, 12, 12, 12, 1, 1, 2, 2, 4,
    6, 7, 8,
    1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12,
  };

  private Months() {}

  /**
   * The month named by {@code s[from, to)}, or 0 when it names none.
   *
   * @param s the text
   * @param from where the name starts
   * @param to where it ends
   * @param numeric whether a month written as digits with a suffix ({@code 12月}, {@code 3월}) or bare digits
   *     counts
   * @param bareDigits whether bare digits ({@code 12}) count too
   * @return 1 to 12, or 0
   */
  static int parse(String s, int from, int to, boolean numeric, boolean bareDigits) {
    int len = to - from;
    if (len <= 0) {
      return 0;
    }
    if (len >= 3) {
      int english = english(s.charAt(from), s.charAt(from + 1), s.charAt(from + 2));
      if (english != 0) {
        return english;
      }
    }
    char c0 = s.charAt(from);
    if (c0 >= '0' && c0 <= '9') {
      if (!numeric) {
        return 0;
      }
      int value = 0;
      int i = from;
      while (i < to && i - from < 2 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return 0;
      }
      if (i == to && !bareDigits) {
        return 0;
      }
      return value >= 1 && value <= 12 ? value : 0;
    }
    for (int k = 0; k < NAMES.length; k++) {
      String name = NAMES[k];
      if (name.length() <= len && s.regionMatches(true, from, name, 0, name.length())) {
        return MONTH_OF[k];
      }
    }
    return 0;
  }

  /** English three-letter month abbreviations, any case; 0 when not one. */
  private static int english(char a, char b, char c) {
    int key = (lower(a) << 16) | (lower(b) << 8) | lower(c);
    switch (key) {
      case ('j' << 16) | ('a' << 8) | 'n':
        return 1;
      case ('f' << 16) | ('e' << 8) | 'b':
        return 2;
      case ('m' << 16) | ('a' << 8) | 'r':
        return 3;
      case ('a' << 16) | ('p' << 8) | 'r':
        return 4;
      case ('m' << 16) | ('a' << 8) | 'y':
        return 5;
      case ('j' << 16) | ('u' << 8) | 'n':
        return 6;
      case ('j' << 16) | ('u' << 8) | 'l':
        return 7;
      case ('a' << 16) | ('u' << 8) | 'g':
        return 8;
      case ('s' << 16) | ('e' << 8) | 'p':
        return 9;
      case ('o' << 16) | ('c' << 8) | 't':
        return 10;
      case ('n' << 16) | ('o' << 8) | 'v':
        return 11;
      case ('d' << 16) | ('e' << 8) | 'c':
        return 12;
      default:
        return 0;
    }
  }

  private static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : (c < 128 ? c : 0);
  }
}
