package dev.parapet.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises credentials written as literal text, and masks them so that no message repeats them.
 *
 * <p>Three kinds of evidence, strongest first:
 *
 * <ol>
 *   <li>a known format: a PEM private key header, an AWS access key id ({@code AKIA}/{@code ASIA}),
 *       GitHub, GitLab, Slack, Google and Stripe tokens, a JSON Web Token, a Slack webhook URL, or
 *       a URL with a password in its user information;
 *   <li>a name that says credential ({@code DB_PASSWORD}, {@code apiKey}, {@code
 *       spring.datasource.password}, ...) with a non-empty literal value;
 *   <li>only where the caller asks for it: a random-looking string (Shannon entropy, see {@link
 *       #randomLooking}).
 * </ol>
 *
 * <p>What is deliberately not a credential:
 *
 * <ul>
 *   <li>Kubernetes dependent-variable references {@code $(VAR)} are removed before anything else is
 *       looked at: {@code postgres://$(DB_USER):$(DB_PASSWORD)@db/app} holds no literal secret.
 *   <li>Placeholders ({@code changeme}, {@code <password>}, {@code ${DB_PASSWORD}}, {@code {{
 *       .Values.x }}}, {@code xxxx}, {@code REPLACE_ME}, {@code your-api-key-here}, ...) disclose
 *       nothing. A placeholder deployed as is would be a weak default password, a different problem
 *       that a scanner cannot tell from a template meant to be overridden, so it is not reported
 *       here.
 *   <li>Under a credential-like name: booleans and numbers (token lifetimes, lengths, ports), paths
 *       ({@code /run/secrets/db}, the recommended way to hand a secret to a process), URLs without
 *       a password, and references to external secret stores ({@code vault:}, {@code arn:}, {@code
 *       ref+}, {@code op://}, ...). Names whose last word says the value is about a secret rather
 *       than the secret ({@code PASSWORD_FILE}, {@code TOKEN_URL}, {@code SECRET_NAME}, {@code
 *       TOKEN_TTL}, {@code ACCESS_KEY_ID}, ...) and {@code PWD}, the working directory, are not
 *       credential names.
 *   <li>Hex strings are never random-looking: they are far more often digests, commit ids and
 *       checksums than secrets (a hex secret under a credential name is still caught by its name).
 * </ul>
 */
final class Credentials {
  private Credentials() {}

  /**
   * What a value looks like, and how to show it.
   *
   * @param what what the value appears to be, e.g. {@code an AWS access key id}
   * @param shown the evidence, masked: never the secret itself
   */
  record Match(String what, String shown) {}

  /**
   * A known credential format. {@code triggers} are literals every match contains; a text without
   * any of them is not searched with the pattern, which keeps large ConfigMaps cheap to scan.
   */
  private record Format(String what, Pattern pattern, boolean showMatch, List<String> triggers) {
    boolean mayMatch(String text) {
      for (String t : triggers) {
        if (text.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final List<Format> FORMATS =
      List.of(
          new Format(
              "a private key",
              Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
              true,
              List.of("PRIVATE KEY")),
          new Format(
              "an AWS access key id",
              Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
              false,
              List.of("AKIA", "ASIA")),
          new Format(
              "a GitHub token",
              Pattern.compile(
                  "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})\\b"),
              false,
              List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
          new Format(
              "a GitLab token",
              Pattern.compile(
                  "\\b(?:gl(?:pat|dt|rt|ptt|ft)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})"),
              false,
              List.of("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "GR1348941")),
          new Format(
              "a Slack token",
              Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
              false,
              List.of("xox")),
          new Format(
              "a Slack webhook URL",
              Pattern.compile(
                  "https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9/_-]{8,}"),
              false,
              List.of("hooks.slack.com")),
          new Format(
              "a Google API key",
              Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
              false,
              List.of("AIza")),
          new Format(
              "a Stripe live key",
              Pattern.compile("\\b(?:sk|rk)_live_[0-9A-Za-z]{20,}\\b"),
              false,
              List.of("_live_")),
          new Format(
              "a JSON Web Token",
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
              false,
              List.of("eyJ")));

  /** {@code scheme://user:password@host}; the password is group 1. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@?#]*:([^\\s/@?#]+)@");

  /** A Kubernetes dependent environment variable reference. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\([^()\\s]+\\)");

  /** Words that make a name a credential's name. */
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "PASSWORD",
          "PASSWORDS",
          "PASSWD",
          "PASS",
          "PWD",
          "PASSPHRASE",
          "SECRET",
          "SECRETS",
          "TOKEN",
          "TOKENS",
          "APIKEY",
          "CREDENTIAL",
          "CREDENTIALS",
          "CREDS");

  /** {@code <word> KEY} pairs that name a key that is a secret. */
  private static final Set<String> KEY_PREFIXES =
      Set.of(
          "API",
          "PRIVATE",
          "ACCESS",
          "SECRET",
          "SIGNING",
          "ENCRYPTION",
          "MASTER",
          "AUTH",
          "ACCOUNT",
          "SHARED",
          "HMAC",
          "SESSION",
          "LICENSE");

  /** Long words that are secret words even when glued to others ({@code DBPASSWORD}). */
  private static final List<String> GLUED = List.of("PASSWORD", "PASSWD", "PASSPHRASE", "APIKEY");

  /** Last words that make the value something about a secret, not the secret. */
  private static final Set<String> ABOUT_WORDS =
      Set.of(
          "FILE",
          "FILES",
          "PATH",
          "DIR",
          "DIRECTORY",
          "NAME",
          "REF",
          "URL",
          "URI",
          "ENDPOINT",
          "HOST",
          "HOSTNAME",
          "PORT",
          "ENABLED",
          "ENABLE",
          "DISABLED",
          "DISABLE",
          "REQUIRED",
          "TTL",
          "TIMEOUT",
          "EXPIRY",
          "EXPIRATION",
          "EXPIRES",
          "LIFETIME",
          "LENGTH",
          "LEN",
          "SIZE",
          "MIN",
          "MAX",
          "TYPE",
          "KIND",
          "ALGORITHM",
          "ALG",
          "ISSUER",
          "AUDIENCE",
          "HEADER",
          "FORMAT",
          "POLICY",
          "MODE",
          "VERSION",
          "LOCATION",
          "REGION",
          "PROVIDER",
          "SOURCE",
          "FIELD",
          "PREFIX",
          "SUFFIX",
          "INTERVAL",
          "SECONDS",
          "MINUTES",
          "HOURS",
          "DAYS",
          "COUNT",
          "RETRIES",
          "LABEL",
          "KEYRING",
          "MOUNT",
          "STORE",
          "BACKEND",
          "ROLE",
          "ID",
          "USER",
          "USERNAME",
          "EMAIL");

  /** Words that make a value a digest or an id rather than a secret. */
  private static final Set<String> NOT_RANDOM_WORDS =
      Set.of(
          "HASH",
          "SHA",
          "SHA1",
          "SHA256",
          "SHA512",
          "MD5",
          "CHECKSUM",
          "DIGEST",
          "COMMIT",
          "REVISION",
          "REV",
          "VERSION",
          "BUILD",
          "IMAGE",
          "UUID",
          "GUID",
          "ID",
          "FINGERPRINT",
          "ETAG",
          "NONCE");

  private static final Set<String> PLACEHOLDER_WORDS =
      Set.of(
          "changeme",
          "change-me",
          "change_me",
          "changeit",
          "replaceme",
          "replace-me",
          "replace_me",
          "todo",
          "tbd",
          "fixme",
          "placeholder",
          "example",
          "sample",
          "dummy",
          "fake",
          "none",
          "null",
          "nil",
          "undefined",
          "empty",
          "unset",
          "redacted",
          "secret",
          "password",
          "passwd",
          "token",
          "apikey",
          "api-key",
          "api_key",
          "default");

  private static final List<Pattern> PLACEHOLDER_SHAPES =
      List.of(
          Pattern.compile("<[^<>]*>"),
          Pattern.compile("\\$\\{[^}]*\\}"),
          Pattern.compile("\\{\\{.*\\}\\}"),
          Pattern.compile("#\\{[^}]*\\}#?"),
          Pattern.compile("@[A-Za-z0-9_.-]+@"),
          Pattern.compile("%[A-Za-z0-9_]+%"),
          Pattern.compile("__[A-Za-z0-9_]+__"),
          Pattern.compile("(?i)[x*.#?-]+"),
          Pattern.compile("(?i).*\\byour[-_ ](?:own[-_ ])?[a-z]+.*"),
          Pattern.compile(
              "(?i)(?:replace|change|insert|enter|put|set|fill)[-_ ]?(?:me|this|it|in|here|your).*"));

  private static final Set<String> BOOLEANS =
      Set.of("true", "false", "yes", "no", "on", "off", "enabled", "disabled");

  private static final List<String> STORE_REFERENCES =
      List.of(
          "vault:",
          "ref+",
          "arn:",
          "op://",
          "sm://",
          "gsm://",
          "secretmanager://",
          "akv://",
          "keyvault:",
          "azurekeyvault:",
          "awssm:",
          "secret://",
          "file:",
          "env:");

  private static final Pattern RANDOM_CHARSET = Pattern.compile("[A-Za-z0-9+/=_-]{20,}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(?:\\.[0-9]+)?");

  /** Bits per character above which a mixed-case alphanumeric string of 20+ looks random. */
  static final double ENTROPY_THRESHOLD = 3.7;

  /**
   * The value of a variable or key called {@code name}, when it looks like a credential; {@code
   * byEntropy} also accepts random-looking strings under any name.
   */
  static Optional<Match> inNamedValue(String name, String value, boolean byEntropy) {
    String v = literal(value);
    if (v.isEmpty() || isPlaceholder(v)) {
      return Optional.empty();
    }
    Optional<Match> known = inText(v);
    if (known.isPresent()) {
      return known;
    }
    if (isCredentialName(name) && isSecretLiteral(v)) {
      return Optional.of(new Match("a credential (judged by its name)", mask(v)));
    }
    if (byEntropy && !v.contains("\n") && !namesNonSecret(name) && randomLooking(v)) {
      return Optional.of(
          new Match(
              String.format(
                  Locale.ROOT,
                  "a random-looking string (%.1f bits of entropy per character)",
                  entropy(v)),
              mask(v)));
    }
    return Optional.empty();
  }

  /** A known credential format anywhere in {@code text} (after removing references). */
  static Optional<Match> inText(String text) {
    String t = text.contains("$(") ? REFERENCE.matcher(text).replaceAll("") : text;
    for (Format f : FORMATS) {
      if (!f.mayMatch(t)) {
        continue;
      }
      Matcher m = f.pattern().matcher(t);
      if (m.find()) {
        return Optional.of(new Match(f.what(), f.showMatch() ? m.group() : mask(m.group())));
      }
    }
    Matcher url = URL_PASSWORD.matcher(t.contains("://") ? t : "");
    while (url.find()) {
      String password = url.group(1);
      if (!isPlaceholder(password)) {
        return Optional.of(new Match("a password in a URL", mask(password)));
      }
    }
    return Optional.empty();
  }

  /**
   * A credential in a multi-line text such as a properties, YAML, JSON or env file: a known format,
   * or a line {@code name = value} / {@code name: value} whose name says credential.
   *
   * @return the match and its 1-based line within the text
   */
  static Optional<LineMatch> inFile(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Optional<Match> known = inText(lines[i]);
      if (known.isPresent()) {
        return Optional.of(new LineMatch(known.get(), i + 1));
      }
      if (lines[i].indexOf(':') < 0 && lines[i].indexOf('=') < 0) {
        continue;
      }
      Matcher m = ASSIGNMENT.matcher(lines[i]);
      if (m.matches()) {
        Optional<Match> named = inNamedValue(m.group(1), assignedValue(m.group(2)), false);
        if (named.isPresent()) {
          return Optional.of(new LineMatch(named.get(), i + 1));
        }
      }
    }
    return Optional.empty();
  }

  /** A match at a line of a multi-line value. */
  record LineMatch(Match match, int line) {}

  /** {@code key: value}, {@code key=value}, {@code "key": "value",}, {@code export KEY=value}. */
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "\\s*(?:export\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.\\-]*)[\"']?\\s*[:=]\\s*(.*)");

  /** Values that open a nested structure rather than assign a literal. */
  private static final Pattern OPENER = Pattern.compile("[|>][-+0-9]*|[\\[{]|\\{}|\\[]|~");

  /** The literal of an assignment: comment, trailing separator and quotes removed. */
  static String assignedValue(String raw) {
    String v = raw;
    int hash = v.indexOf(" #");
    if (hash >= 0) {
      v = v.substring(0, hash);
    }
    v = v.trim();
    if (v.endsWith(",") || v.endsWith(";")) {
      v = v.substring(0, v.length() - 1).trim();
    }
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1);
    }
    return OPENER.matcher(v).matches() ? "" : v;
  }

  /** The value with {@code $(VAR)} references removed and surrounding blanks trimmed. */
  static String literal(String value) {
    return value == null ? "" : REFERENCE.matcher(value).replaceAll("").trim();
  }

  static boolean isPlaceholder(String value) {
    String v = value.trim();
    if (v.isEmpty() || PLACEHOLDER_WORDS.contains(v.toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (Pattern p : PLACEHOLDER_SHAPES) {
      if (p.matcher(v).matches()) {
        return true;
      }
    }
    return false;
  }

  /** True when a name says the value is a credential. */
  static boolean isCredentialName(String name) {
    List<String> words = words(name);
    if (words.isEmpty()) {
      return false;
    }
    String joined = String.join("_", words);
    if (joined.equals("PWD") || joined.equals("OLDPWD")) {
      return false;
    }
    if (ABOUT_WORDS.contains(words.get(words.size() - 1)) && words.size() > 1) {
      return false;
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (SECRET_WORDS.contains(w)) {
        return true;
      }
      if (w.equals("KEY") && i > 0 && KEY_PREFIXES.contains(words.get(i - 1))) {
        return true;
      }
      for (String g : GLUED) {
        if (w.contains(g)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean namesNonSecret(String name) {
    List<String> words = words(name);
    return words.stream().anyMatch(NOT_RANDOM_WORDS::contains)
        || (!words.isEmpty() && ABOUT_WORDS.contains(words.get(words.size() - 1)));
  }

  /** Upper-case words of a name: split at non-alphanumerics and at camelCase humps. */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    if (name == null) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
        continue;
      }
      if (Character.isUpperCase(c)
          && cur.length() > 0
          && Character.isLowerCase(cur.charAt(cur.length() - 1))) {
        flush(cur, out);
      }
      cur.append(c);
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString().toUpperCase(Locale.ROOT));
      cur.setLength(0);
    }
  }

  /** A literal under a credential name that is a value rather than a setting or a pointer. */
  private static boolean isSecretLiteral(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (BOOLEANS.contains(lower) || NUMBER.matcher(v).matches()) {
      return false;
    }
    if (v.startsWith("/") || v.startsWith("./") || v.startsWith("~/")) {
      return false;
    }
    for (String prefix : STORE_REFERENCES) {
      if (lower.startsWith(prefix)) {
        return false;
      }
    }
    // a URL with a password was caught as a known format already
    return !lower.matches("[a-z][a-z0-9+.-]*://.*");
  }

  /**
   * A string that looks random rather than written by a person: 20 or more characters of the base64
   * / base64url alphabet, upper and lower case letters and digits all present, not a hex string,
   * Shannon entropy of at least {@value #ENTROPY_THRESHOLD} bits per character, and less than 35%
   * of it in runs of three or more lower-case letters (compound names such as {@code
   * MyApp-Production-Config-2024} have long lower-case runs; random strings rarely do). Measured on
   * random base62 strings, this accepts about 83% at 20 characters and over 94% from 32 on.
   */
  static boolean randomLooking(String v) {
    if (!RANDOM_CHARSET.matcher(v).matches() || v.startsWith("/") || HEX.matcher(v).matches()) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit && entropy(v) >= ENTROPY_THRESHOLD && wordiness(v) < 0.35;
  }

  /** Shannon entropy of the characters of {@code s}, in bits per character. */
  static double entropy(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < s.length(); i++) {
      counts.merge(s.charAt(i), 1, Integer::sum);
    }
    double h = 0;
    for (int n : counts.values()) {
      double p = (double) n / s.length();
      h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }

  /** Share of characters in runs of three or more lower-case letters. */
  static double wordiness(String s) {
    int inRuns = 0;
    int run = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
        run++;
      } else {
        if (run >= 3) {
          inRuns += run;
        }
        run = 0;
      }
    }
    return s.isEmpty() ? 0 : (double) inRuns / s.length();
  }

  /**
   * A value masked for a message: at most a quarter of it, and never more than four characters, is
   * shown, then its length. {@code AKIA****** (20 characters)}.
   */
  static String mask(String value) {
    int show = Math.min(4, value.length() / 4);
    return value.substring(0, show) + "****** (" + value.length() + " characters)";
  }
}
