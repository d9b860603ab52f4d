package dev.whokilled.parsers.apps;

import dev.whokilled.event.Signal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The words shells print for a signal that ended a job, in every language they were found in.
 *
 * <p>bash and dash print the C library's {@code strsignal()} text, which glibc translates: the tables below are
 * glibc 2.36's own texts (captured on the project's build VM with {@code LC_ALL} set to each locale), with the
 * suffix bash's translations add when a core was written. zsh prints its own lowercase table, never
 * translated. musl's and macOS's spellings of the few signals where they differ are included too.
 */
final class ShellWords {

  private ShellWords() {}

  /** glibc's {@code strsignal()} texts by locale: pairs of text and signal number. */
  private static final String[] BASH = {
    // C (glibc 2.36)
    "Hangup", "1",
    "Quit", "3",
    "Illegal instruction", "4",
    "Trace/breakpoint trap", "5",
    "Aborted", "6",
    "Bus error", "7",
    "Floating point exception", "8",
    "Killed", "9",
    "User defined signal 1", "10",
    "Segmentation fault", "11",
    "User defined signal 2", "12",
    "Alarm clock", "14",
    "Terminated", "15",
    "Stack fault", "16",
    "CPU time limit exceeded", "24",
    "File size limit exceeded", "25",
    "Virtual timer expired", "26",
    "Profiling timer expired", "27",
    "I/O possible", "29",
    "Power failure", "30",
    "Bad system call", "31",
    // de_DE (glibc 2.36)
    "Aufgelegt", "1",
    "Verlassen", "3",
    "Ungültiger Maschinenbefehl", "4",
    "Trace/Breakpoint ausgelöst", "5",
    "Abgebrochen", "6",
    "Bus-Zugriffsfehler", "7",
    "Gleitkomma-Ausnahme", "8",
    "Getötet", "9",
    "Benutzerdefiniertes Signal 1", "10",
    "Speicherzugriffsfehler", "11",
    "Benutzerdefiniertes Signal 2", "12",
    "Das Signal SIGALRM empfangen (Der Wecker klingelt)", "14",
    "Beendet", "15",
    "Stackfehler", "16",
    "Rechenzeitbegrenzung überschritten", "24",
    "Die maximale Dateigröße ist überschritten", "25",
    "Der virtuelle Zeitnehmer ist abgelaufen", "26",
    "Zeitnehmer zur Laufzeitbestimmung ist abgelaufen", "27",
    "Ein-/Ausgabe ist möglich", "29",
    "Fehler in der Stromversorgung", "30",
    "Ungültiger Betriebssystemaufruf", "31",
    // fr_FR (glibc 2.36)
    "Fin de la connexion (raccroché)", "1",
    "Quitter", "3",
    "Instruction non permise", "4",
    "Trappe pour point d'arrêt et de trace", "5",
    "Abandon", "6",
    "Erreur du bus", "7",
    "Exception en point flottant", "8",
    "Processus arrêté", "9",
    "Signal #1 défini par l'usager", "10",
    "Erreur de segmentation", "11",
    "Signal #2 défini par l'usager", "12",
    "Minuterie d'alerte", "14",
    "Complété", "15",
    "Erreur sur la pile", "16",
    "Temps UCT limite expiré", "24",
    "Débordement de la taille permise pour un fichier", "25",
    "Expiration de la minuterie virtuelle", "26",
    "Expiration de la minuterie durant l'établissement du profile", "27",
    "E/S possible", "29",
    "Panne d'alimentation", "30",
    "Appel système erroné", "31",
    // es_ES (glibc 2.36)
    "Colgar (hangup)", "1",
    "Abandona", "3",
    "Instrucción ilegal", "4",
    "`trap' para punto de parada/seguimiento", "5",
    "Abortado", "6",
    "Error del bus", "7",
    "Excepción de coma flotante", "8",
    "Terminado (killed)", "9",
    "Señal definida por el usuario 1", "10",
    "Violación de segmento", "11",
    "Señal definida por el usuario 2", "12",
    "Temporizador", "14",
    "Terminado", "15",
    "Fallo en la pila", "16",
    "Rebasado el límite de tiempo de CPU", "24",
    "Superado el límite de tamaño de fichero", "25",
    "El temporizador virtual llegó al final", "26",
    "El tiempo de CPU expiró", "27",
    "Operación de E/S permitida", "29",
    "Fallo de alimentación", "30",
    "Llamada al sistema errónea", "31",
    // it_IT (glibc 2.36)
    "Chiusura", "1",
    "Uscita", "3",
    "Istruzione non consentita", "4",
    "Rilevato trace/breakpoint", "5",
    "Annullato", "6",
    "Errore di bus", "7",
    "Eccezione in virgola mobile", "8",
    "Ucciso", "9",
    "Segnale 1 definito dall'utente", "10",
    "Errore di segmentazione", "11",
    "Segnale 2 definito dall'utente", "12",
    "Sveglia", "14",
    "Terminato", "15",
    "Errore sullo stack", "16",
    "Superato il limite di tempo CPU", "24",
    "Superato il limite di dimensione file", "25",
    "Timer virtuale terminato", "26",
    "Timer di profiling terminato", "27",
    "I/O consentito", "29",
    "Mancanza alimentazione elettrica", "30",
    "Chiamata di sistema errata", "31",
    // pt_BR (glibc 2.36)
    "Desconexão", "1",
    "Sair", "3",
    "Instrução ilegal", "4",
    "Trace/breakpoint trap", "5",
    "Abortado", "6",
    "Erro no barramento", "7",
    "Exceção de ponto flutuante", "8",
    "Morto", "9",
    "Sinal 1 definido pelo usuário", "10",
    "Falha de segmentação", "11",
    "Sinal 2 definido pelo usuário", "12",
    "Alarme de tempo", "14",
    "Terminado", "15",
    "Falha de pilha", "16",
    "Tempo de CPU excedido", "24",
    "Excedido tamanho limite de arquivo", "25",
    "Temporizador virtual expirado", "26",
    "Tempo expirado para perfilamento", "27",
    "Possível E/S", "29",
    "Falha de energia", "30",
    "Chamada de sistema inválida", "31",
    // ru_RU (glibc 2.36)
    "Обрыв терминальной линии", "1",
    "Выход", "3",
    "Недопустимая инструкция", "4",
    "Ловушка трассировки/останова", "5",
    "Аварийный останов", "6",
    "Ошибка шины", "7",
    "Исключение в операции с плавающей точкой", "8",
    "Убито", "9",
    "Определяемый пользователем сигнал 1", "10",
    "Ошибка сегментирования", "11",
    "Определяемый пользователем сигнал 2", "12",
    "Сигнал таймера", "14",
    "Завершено", "15",
    "Ошибка стека", "16",
    "Превышен лимит процессорного времени", "24",
    "Превышен лимит размера файла", "25",
    "Виртуальный таймер истек", "26",
    "Профилировочный таймер истек", "27",
    "Возможен ввод/вывод", "29",
    "Сбой питания", "30",
    "Неверный системный вызов", "31",
    // zh_CN (glibc 2.36)
    "挂起", "1",
    "退出", "3",
    "非法指令", "4",
    "追踪与中断点陷阱", "5",
    "已放弃", "6",
    "总线错误", "7",
    "浮点数例外", "8",
    "已杀死", "9",
    "用户定义信号 1", "10",
    "段错误", "11",
    "用户定义信号 2", "12",
    "闹钟", "14",
    "已终止", "15",
    "栈失效", "16",
    "超出 CPU 时限", "24",
    "文件大小超出限制", "25",
    "虚拟计时器超时", "26",
    "测速评估用的计时器已过时取消了", "27",
    "I/O 可行", "29",
    "电源失效", "30",
    "错误的系统调用", "31",
    // ja_JP (glibc 2.36)
    "Hangup", "1",
    "終了", "3",
    "Illegal instruction", "4",
    "Trace/breakpoint trap", "5",
    "中止", "6",
    "バスエラー", "7",
    "浮動小数点例外", "8",
    "強制終了", "9",
    "ユーザー定義シグナル1", "10",
    "Segmentation fault", "11",
    "ユーザー定義シグナル2", "12",
    "Alarm clock", "14",
    "Terminated", "15",
    "スタックエラー", "16",
    "CPU時間制限を超過しました", "24",
    "ファイルサイズ制限を超過しました", "25",
    "仮想タイマーが終了しました", "26",
    "プロファイリングタイマーが終了しました", "27",
    "I/O 可能", "29",
    "電源エラー", "30",
    "間違ったシステムコール", "31",
    // pl_PL (glibc 2.36)
    "Rozłączenie", "1",
    "Wyjście", "3",
    "Błędna instrukcja", "4",
    "Pułapka debuggera/breakpoint", "5",
    "Przerwane", "6",
    "Błąd szyny", "7",
    "Błąd w obliczeniach zmiennoprzecinkowych", "8",
    "Unicestwiony", "9",
    "Sygnał użytkownika 1", "10",
    "Naruszenie ochrony pamięci", "11",
    "Sygnał użytkownika 2", "12",
    "Budzik", "14",
    "Zakończony", "15",
    "Błąd stosu", "16",
    "Przekroczony limit czasu procesora", "24",
    "Przekroczony limit wielkości pliku", "25",
    "Upłynął czas stopera wirtualnego", "26",
    "Upłynął czas stopera profilującego", "27",
    "We/Wy dozwolone", "29",
    "Awaria zasilania", "30",
    "Błędne wywołanie systemowe", "31",
    // nl_NL (glibc 2.36)
    "Opgehangen", "1",
    "Afgesloten", "3",
    "Ongeldige instructie", "4",
    "Traceer/breekpunt-instructie", "5",
    "Afgebroken", "6",
    "Busfout", "7",
    "Drijvendekomma-berekeningsfout", "8",
    "Geëlimineerd", "9",
    "Gebruikergedefinieerd signaal 1", "10",
    "Segmentatiefout", "11",
    "Gebruikergedefinieerd signaal 2", "12",
    "Timersignaal", "14",
    "Beëindigd", "15",
    "Stack-fout", "16",
    "Limiet op processortijd is overschreden", "24",
    "Limiet op bestandsgrootte is overschreden", "25",
    "Virtuele timer is verlopen", "26",
    "Timer voor analyse is verlopen", "27",
    "In-/uitvoer is mogelijk", "29",
    "Stroomstoring", "30",
    "Onjuiste systeemaanroep", "31",
    // musl (Alpine's busybox ash) and macOS spellings that differ from glibc's
    "Arithmetic exception", "8",
    "Abort trap", "6",
    "Trace/BPT trap", "5",
    "Cputime limit exceeded", "24",
    "Filesize limit exceeded", "25",
  };

  /** zsh's own texts (zsh 5.9 on Linux, captured on the build VM; {@code abort} in older builds). */
  private static final String[] ZSH = {
    "hangup", "1",
    "quit", "3",
    "illegal hardware instruction", "4",
    "trace trap", "5",
    "abort", "6",
    "IOT instruction", "6",
    "bus error", "7",
    "floating point exception", "8",
    "killed", "9",
    "user-defined signal 1", "10",
    "segmentation fault", "11",
    "user-defined signal 2", "12",
    "alarm", "14",
    "terminated", "15",
    "SIGSTKFLT", "16",
    "cpu limit exceeded", "24",
    "file size limit exceeded", "25",
    "virtual time alarm", "26",
    "profile signal", "27",
    "pollable event occurred", "29",
    "power fail", "30",
    "invalid system call", "31",
  };

  /** What bash (and zsh) add when a core was written, in each language, without the leading space. */
  static final String[] CORE = {
    "(core dumped)", "(Speicherabzug geschrieben)", "(`core' generado)", "(core dump creato)",
    "(imagem do n\u00facleo gravada)", "(\u043e\u0431\u0440\u0430\u0437 \u043f\u0430\u043c\u044f\u0442\u0438 "
        + "\u0441\u0431\u0440\u043e\u0448\u0435\u043d \u043d\u0430 \u0434\u0438\u0441\u043a)",
    "\uff08\u6838\u5fc3\u5df2\u8f6c\u50a8\uff09", "(\u30b3\u30a2\u30c0\u30f3\u30d7)", "(zrzut pami\u0119ci)",
    "(geheugendump gemaakt)",
  };

  /** One known text. */
  private record Word(String text, Signal signal, boolean padded) {}

  /** A description found in a line. */
  record Found(Signal signal, int start, int end, boolean core) {}

  private static final Map<Character, Word[]> BASH_WORDS = index(BASH);
  private static final Map<Character, Word[]> ZSH_WORDS = index(ZSH);

  private static Map<Character, Word[]> index(String[] pairs) {
    Map<Character, List<Word>> lists = new HashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      Signal s = Signal.fromNumber(Integer.parseInt(pairs[i + 1])).orElseThrow();
      String text = pairs[i];
      // bash pads the text to 24 bytes, so a text that long runs straight into the command
      boolean padded = text.getBytes(StandardCharsets.UTF_8).length >= 24;
      lists.computeIfAbsent(text.charAt(0), k -> new ArrayList<>()).add(new Word(text, s, padded));
    }
    Map<Character, Word[]> out = new HashMap<>();
    for (Map.Entry<Character, List<Word>> e : lists.entrySet()) {
      List<Word> l = e.getValue();
      l.sort(Comparator.comparingInt((Word w) -> w.text().length()).reversed());
      out.put(e.getKey(), l.toArray(new Word[0]));
    }
    return out;
  }

  /**
   * The signal description that starts at {@code at}, with the core-dump suffix that may follow it.
   *
   * @param s the line
   * @param at where the description should start
   * @param zsh whether to read zsh's words rather than the C library's
   * @return what was found, its end after any suffix, or {@code null}
   */
  static @Nullable Found description(String s, int at, boolean zsh) {
    if (at < 0 || at >= s.length()) {
      return null;
    }
    Word[] words = (zsh ? ZSH_WORDS : BASH_WORDS).get(s.charAt(at));
    if (words == null) {
      return null;
    }
    for (Word w : words) {
      if (!s.startsWith(w.text(), at)) {
        continue;
      }
      int e = at + w.text().length();
      if (e < s.length() && !w.padded() && Character.isLetterOrDigit(s.charAt(e))) {
        continue;
      }
      // macOS: "Segmentation fault: 11"
      if (!zsh && e + 2 < s.length() && s.charAt(e) == ':' && s.charAt(e + 1) == ' '
          && isDigit(s.charAt(e + 2))) {
        int d = e + 2;
        while (d < s.length() && isDigit(s.charAt(d)) && d - e < 6) {
          d++;
        }
        e = d;
      }
      int c = skipSpaces(s, e);
      for (String core : CORE) {
        if (s.startsWith(core, c)) {
          return new Found(w.signal(), at, c + core.length(), true);
        }
      }
      return new Found(w.signal(), at, e, false);
    }
    return null;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
