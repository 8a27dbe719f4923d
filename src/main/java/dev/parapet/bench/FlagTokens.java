package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the words of a command line after the executable into flags, as the component's flag parser
 * does: {@code --name=value}, {@code --name value}, and a bare {@code --name} for a boolean (true).
 * A boolean flag never takes the next word (Go's flag package and pflag agree), so {@code
 * --profiling false} sets profiling and leaves {@code false} as a stray argument, which the
 * components refuse; that is reported. Words after {@code --} are not flags.
 */
public final class FlagTokens {
  private FlagTokens() {}

  /** A word of the command line and where it was written. */
  public record Word(String text, Optional<Location> location) {}

  /**
   * The flags of {@code words}, in order; a warning per word that is not a flag.
   *
   * @param where names the command line in warnings ({@code kube-system/kube-apiserver})
   */
  public static List<Setting> parse(
      Component component,
      List<Word> words,
      Defaults defaults,
      String where,
      List<Problem> problems) {
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      String t = w.text();
      if (t.equals("--")) {
        for (int j = i + 1; j < words.size(); j++) {
          stray(component, words.get(j), where, problems);
        }
        break;
      }
      if (!t.startsWith("-") || t.equals("-")) {
        stray(component, w, where, problems);
        continue;
      }
      String body = t.startsWith("--") ? t.substring(2) : t.substring(1);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        out.add(new Setting(body.substring(0, eq), body.substring(eq + 1), w.location()));
        continue;
      }
      if (defaults.isBoolean(component, body)) {
        out.add(new Setting(body, "true", w.location()));
        continue;
      }
      // a value flag takes the next word whatever it is (--audit-log-path -); for a flag parapet
      // does not know, a next word with a dash is more likely the next flag
      boolean valueFlag = defaults.isKnownValueFlag(component, body);
      if (i + 1 < words.size() && (valueFlag || !words.get(i + 1).text().startsWith("-"))) {
        out.add(new Setting(body, words.get(i + 1).text(), w.location()));
        i++;
        continue;
      }
      // a flag parapet does not know as boolean, given no value: Go reads a boolean so
      out.add(new Setting(body, "true", w.location()));
    }
    return out;
  }

  private static void stray(Component component, Word w, String where, List<Problem> problems) {
    Location at = w.location().orElse(null);
    problems.add(
        Problem.warning(
            at == null ? where : at.file(),
            at == null ? 0 : at.line(),
            at == null ? 0 : at.column(),
            where
                + ": '"
                + w.text()
                + "' is not a flag; "
                + component.binary()
                + " refuses arguments that are not flags (a boolean flag takes its value as"
                + " --flag=value)"));
  }
}
