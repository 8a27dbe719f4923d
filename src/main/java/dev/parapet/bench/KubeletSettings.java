package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings a kubelet runs with, each decided as the kubelet decides it: a command-line flag
 * beats the KubeletConfiguration file named by {@code --config}, which beats the default; and the
 * default itself depends on whether a config file is used (a kubelet started with flags only keeps
 * the legacy defaults: anonymous auth on, authorization AlwaysAllow, read-only port 10255). Each
 * value says which of the three decided it and where. The flag/config-key table and the defaults
 * are data, in {@code kubelet-settings.txt}, so a benchmark definition may name either.
 */
public final class KubeletSettings {
  /** The KubeletConfiguration API versions read. */
  public static final Set<String> API_VERSIONS = Set.of("kubelet.config.k8s.io/v1beta1");

  /** What decided a value. */
  public enum Source {
    FLAG,
    CONFIG,
    DEFAULT
  }

  /** One row of {@code kubelet-settings.txt}. */
  public record Mapping(
      String flag,
      Optional<String> configKey,
      String type,
      Optional<String> flagsDefault,
      Optional<String> configDefault,
      boolean zeroIsDefault) {}

  /**
   * A setting's effective value.
   *
   * @param name the flag name ({@code read-only-port})
   * @param configKey the KubeletConfiguration key, if the setting has one
   * @param value the value, empty when unset with no default
   * @param source the flag, the config file or the default
   * @param location where the flag or key was written (also for a file value the default replaced)
   * @param evidence the value and how it was decided, for a report
   */
  public record Effective(
      String name,
      Optional<String> configKey,
      Optional<String> value,
      Source source,
      Optional<Location> location,
      String evidence) {}

  private static final List<Mapping> MAPPINGS = load();

  private final ComponentSettings flags;
  private final Optional<ConfigFile> config;
  private final List<ConfigFile> dropIns;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Effective> effective = new LinkedHashMap<>();

  private KubeletSettings(
      ComponentSettings flags, Optional<ConfigFile> config, List<ConfigFile> dropIns) {
    this.flags = flags;
    this.config = config;
    this.dropIns = List.copyOf(dropIns);
    for (Mapping m : MAPPINGS) {
      effective.put(m.flag(), resolve(m));
    }
  }

  /**
   * The kubelet's settings from its flags and, when it was read, the KubeletConfiguration file that
   * {@code --config} names.
   */
  public static KubeletSettings of(ComponentSettings flags, Optional<ConfigFile> config) {
    if (flags.component() != Component.KUBELET) {
      throw new IllegalArgumentException("not a kubelet: " + flags.component());
    }
    return new KubeletSettings(flags, config, List.of());
  }

  /**
   * The same with the drop-in files of {@code --config-dir}, in the order the kubelet merges them
   * (file name order, each over the ones before and over the {@code --config} file): for each key,
   * the last file that writes it decides (upstream: kubelet configuration directory merging, beta
   * in 1.30, GA in 1.35).
   */
  public static KubeletSettings of(
      ComponentSettings flags, Optional<ConfigFile> config, List<ConfigFile> dropIns) {
    if (flags.component() != Component.KUBELET) {
      throw new IllegalArgumentException("not a kubelet: " + flags.component());
    }
    return new KubeletSettings(flags, config, dropIns);
  }

  /** Reads a KubeletConfiguration file ({@code /var/lib/kubelet/config.yaml}). */
  public static ConfigFile.Read readConfig(String file, byte[] bytes) {
    return ConfigFile.read(file, bytes, "KubeletConfiguration", API_VERSIONS);
  }

  /** The table of flags, config keys and defaults. */
  public static List<Mapping> mappings() {
    return MAPPINGS;
  }

  /** The mapping for a flag name or a config key. */
  public static Optional<Mapping> mapping(String flagOrConfigKey) {
    for (Mapping m : MAPPINGS) {
      if (m.flag().equals(flagOrConfigKey)
          || m.configKey().filter(flagOrConfigKey::equals).isPresent()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The config file path {@code --config} names, if any. */
  public Optional<String> configPath() {
    return flags.flag("config").map(Setting::value).filter(v -> !v.isEmpty());
  }

  /** Values that could not be read as their type (a flag {@code --anonymous-auth=maybe}). */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Every mapped setting, in the table's order. */
  public List<Effective> all() {
    return List.copyOf(effective.values());
  }

  /**
   * A setting by flag name or config key. A name outside the table is looked up as a flag, then as
   * a config key, with no default.
   */
  public Effective get(String flagOrConfigKey) {
    Optional<Mapping> m = mapping(flagOrConfigKey);
    if (m.isPresent()) {
      return effective.get(m.get().flag());
    }
    for (String prefix : List.of("feature-gates.", "featureGates.")) {
      if (flagOrConfigKey.startsWith(prefix)) {
        String gate = flagOrConfigKey.substring(prefix.length());
        return resolve(
            new Mapping(
                "feature-gates." + gate,
                Optional.of("featureGates." + gate),
                "bool",
                Optional.empty(),
                Optional.empty(),
                false));
      }
    }
    // tried as a flag, then as a config key: a name is rarely both, and a flag would win anyway
    Mapping ad =
        new Mapping(
            flagOrConfigKey,
            Optional.of(flagOrConfigKey),
            "string",
            Optional.empty(),
            Optional.empty(),
            false);
    return resolve(ad);
  }

  private Effective resolve(Mapping m) {
    Optional<Effective> fromFlag = fromFlag(m);
    if (fromFlag.isPresent()) {
      return fromFlag.get();
    }
    Optional<Location> rejected = Optional.empty();
    String rejectedNote = "";
    Optional<ConfigFile> layer = Optional.empty();
    if (m.configKey().isPresent()) {
      // the last file that writes the key: a drop-in over the ones before, over --config's file
      List<ConfigFile> layers = new ArrayList<>();
      config.ifPresent(layers::add);
      layers.addAll(dropIns);
      for (int i = layers.size() - 1; i >= 0 && layer.isEmpty(); i--) {
        Optional<Node> n = layers.get(i).at(m.configKey().get());
        if (n.isPresent() && !(n.get() instanceof ScalarNode s && s.isNull())) {
          layer = Optional.of(layers.get(i));
        }
      }
    }
    if (layer.isPresent()) {
      ConfigFile c = layer.get();
      Optional<Node> node = c.at(m.configKey().get());
      if (node.isPresent() && !(node.get() instanceof ScalarNode s && s.isNull())) {
        Optional<String> text = ConfigFile.text(node.get());
        Location where = c.locationOf(node.get());
        if (text.isPresent() && !(m.zeroIsDefault() && isZero(text.get()))) {
          String v = normalise(m, text.get(), where);
          return new Effective(
              m.flag(),
              m.configKey(),
              Optional.of(v),
              Source.CONFIG,
              Optional.of(where),
              m.configKey().get() + ": " + v + " (" + display(where) + ")");
        }
        rejected = Optional.of(where);
        rejectedNote =
            text.isPresent()
                ? m.configKey().get()
                    + ": "
                    + text.get()
                    + " is a zero value the kubelet replaces; "
                : m.configKey().get() + " is not a value; ";
      }
    }
    boolean withConfig = config.isPresent() || configPath().isPresent() || !dropIns.isEmpty();
    Optional<String> def = withConfig ? m.configDefault() : m.flagsDefault();
    String why;
    if (config.isPresent()) {
      why =
          "KubeletConfiguration default, not set in "
              + config.get().file()
              + (dropIns.isEmpty() ? "" : " or its " + dropIns.size() + " drop-in file(s)");
    } else if (configPath().isPresent()) {
      why =
          "KubeletConfiguration default; the file "
              + configPath().get()
              + " named by --config was not read, so it may set otherwise";
    } else {
      why = "kubelet default without a config file";
    }
    String evidence =
        rejectedNote
            + def.map(d -> "default " + d + " (" + why + ")")
                .orElse("not set, no default (" + why + ")");
    return new Effective(m.flag(), m.configKey(), def, Source.DEFAULT, rejected, evidence);
  }

  private Optional<Effective> fromFlag(Mapping m) {
    if (m.flag().isEmpty()) {
      return Optional.empty();
    }
    if (m.flag().startsWith("feature-gates.")) {
      String gate = m.flag().substring("feature-gates.".length());
      Setting found = null;
      String value = null;
      for (Setting s : flags.flags()) {
        if (!s.name().equals("feature-gates")) {
          continue;
        }
        for (String entry : s.value().split(",")) {
          int eq = entry.indexOf('=');
          if (eq > 0 && entry.substring(0, eq).strip().equals(gate)) {
            found = s;
            value = entry.substring(eq + 1).strip();
          }
        }
      }
      if (found == null) {
        return Optional.empty();
      }
      String v = normaliseFlag(m, value, found);
      return Optional.of(
          new Effective(
              m.flag(),
              m.configKey(),
              Optional.of(v),
              Source.FLAG,
              found.location(),
              "--feature-gates " + gate + "=" + v + where(found)));
    }
    Optional<Setting> s = flags.flag(m.flag());
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String v = normaliseFlag(m, s.get().value(), s.get());
    return Optional.of(
        new Effective(
            m.flag(),
            m.configKey(),
            Optional.of(v),
            Source.FLAG,
            s.get().location(),
            "--" + m.flag() + "=" + v + where(s.get())));
  }

  private String where(Setting s) {
    return " (flag, " + s.location().map(KubeletSettings::display).orElse(flags.source()) + ")";
  }

  private static String display(Location l) {
    return l.line() > 0 ? l.file() + ":" + l.line() : l.file();
  }

  private String normaliseFlag(Mapping m, String value, Setting s) {
    return normalise(m, value, s.location().orElse(null));
  }

  /** A boolean as Go's strconv.ParseBool reads it, written {@code true} or {@code false}. */
  private String normalise(Mapping m, String value, Location where) {
    if (!m.type().equals("bool")) {
      return value;
    }
    switch (value) {
      case "1", "t", "T", "TRUE", "true", "True":
        return "true";
      case "0", "f", "F", "FALSE", "false", "False":
        return "false";
      default:
        problems.add(
            Problem.warning(
                where == null ? flags.source() : where.file(),
                where == null ? 0 : where.line(),
                where == null ? 0 : where.column(),
                "kubelet setting " + m.flag() + ": '" + value + "' is not a boolean"));
        return value;
    }
  }

  private static boolean isZero(String v) {
    // Go durations: "0", or one or more zero quantities with units ("0s", "0m0s", "0h0m0s")
    return v.matches("0+(\\.0*)?|(0+(\\.0*)?(ns|us|µs|ms|s|m|h))+");
  }

  private static List<Mapping> load() {
    List<Mapping> out = new ArrayList<>();
    try (InputStream in = KubeletSettings.class.getResourceAsStream("kubelet-settings.txt")) {
      if (in == null) {
        throw new IllegalStateException("kubelet-settings.txt missing from the jar");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\\s*\\|\\s*");
        if (f.length != 6) {
          throw new IllegalStateException("kubelet-settings.txt: bad row: " + l);
        }
        out.add(new Mapping(f[0], opt(f[1]), f[2], opt(f[3]), opt(f[4]), f[5].equals("yes")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }

  private static Optional<String> opt(String s) {
    return s.equals("-") ? Optional.empty() : Optional.of(s);
  }

  /** The KubeletConfiguration file read, if any. */
  public Optional<ConfigFile> config() {
    return config;
  }
}
