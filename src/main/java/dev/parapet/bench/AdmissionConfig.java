package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.SeqNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API server's admission plugin configuration ({@code --admission-control-config-file}, {@code
 * AdmissionConfiguration} of {@code apiserver.config.k8s.io/v1} or {@code v1alpha1}): which plugins
 * are configured, and the EventRateLimit plugin's limits, written inline ({@code configuration}) or
 * in the file {@code path} names (relative to the AdmissionConfiguration's directory, as the API
 * server resolves it).
 *
 * <p>EventRateLimit enabled with no configuration, or with no limits, loads an empty configuration
 * and limits nothing; the facts say so.
 */
public final class AdmissionConfig {
  public static final Set<String> API_VERSIONS =
      Set.of(
          "apiserver.config.k8s.io/v1",
          "apiserver.config.k8s.io/v1alpha1",
          "apiserver.k8s.io/v1alpha1");

  public static final Set<String> EVENT_RATE_LIMIT_API_VERSIONS =
      Set.of("eventratelimit.admission.k8s.io/v1alpha1");

  private static final Set<String> LIMIT_TYPES =
      Set.of("Server", "Namespace", "User", "SourceAndObject");

  /** One configured plugin: inline configuration, a path, or neither. */
  public record Plugin(
      String name, Optional<String> path, Optional<MapNode> configuration, Location location) {}

  /** One EventRateLimit limit. */
  public record Limit(
      String type,
      Optional<Long> qps,
      Optional<Long> burst,
      Optional<Long> cacheSize,
      Location location) {}

  /** EventRateLimit's configuration: where it was read and its limits. */
  public record EventRateLimit(String file, List<Limit> limits, Location location) {
    public EventRateLimit {
      limits = List.copyOf(limits);
    }
  }

  /** A file read, or not, with what was wrong with it. */
  public record Result(Optional<AdmissionConfig> config, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final ConfigFile file;
  private final List<Plugin> plugins;
  private final Optional<EventRateLimit> eventRateLimit;

  private AdmissionConfig(
      ConfigFile file, List<Plugin> plugins, Optional<EventRateLimit> eventRateLimit) {
    this.file = file;
    this.plugins = List.copyOf(plugins);
    this.eventRateLimit = eventRateLimit;
  }

  /**
   * Reads an AdmissionConfiguration from disk and, when EventRateLimit names a file by {@code
   * path}, that file too (read-only, size-limited; a missing or bad file is a problem).
   */
  public static Result load(Path file) {
    List<Problem> problems = new ArrayList<>();
    Optional<byte[]> bytes = readFile(file, file.toString(), problems);
    if (bytes.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    Result r = read(file.toString(), bytes.get());
    problems.addAll(r.problems());
    if (r.config().isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    AdmissionConfig c = r.config().get();
    Optional<Plugin> erl = c.plugin("EventRateLimit");
    if (erl.isPresent() && erl.get().configuration().isEmpty() && erl.get().path().isPresent()) {
      String p = erl.get().path().get();
      Path target = Path.of(p).isAbsolute() ? Path.of(p) : file.toAbsolutePath().resolveSibling(p);
      Optional<byte[]> erlBytes = readFile(target, erl.get().location().display(), problems);
      if (erlBytes.isPresent()) {
        ConfigFile.Read er =
            ConfigFile.read(
                target.toString(), erlBytes.get(), "Configuration", EVENT_RATE_LIMIT_API_VERSIONS);
        problems.addAll(er.problems());
        if (er.config().isPresent()) {
          ConfigFile ec = er.config().get();
          return new Result(
              Optional.of(
                  new AdmissionConfig(
                      c.file, c.plugins, Optional.of(limits(ec, ec.root(), problems)))),
              problems);
        }
      }
    }
    return new Result(Optional.of(c), problems);
  }

  /** Reads an AdmissionConfiguration's text; a {@code path} is noted but not followed. */
  public static Result read(String file, byte[] bytes) {
    ConfigFile.Read r = ConfigFile.read(file, bytes, "AdmissionConfiguration", API_VERSIONS);
    List<Problem> problems = new ArrayList<>(r.problems());
    return new Result(r.config().map(c -> of(c, problems)), problems);
  }

  /** The plugins of an AdmissionConfiguration and EventRateLimit's inline configuration. */
  public static AdmissionConfig of(ConfigFile c, List<Problem> problems) {
    List<Plugin> plugins = new ArrayList<>();
    Optional<EventRateLimit> erl = Optional.empty();
    for (Node n : c.root().seq("plugins").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode m) || m.string("name").isEmpty()) {
        problems.add(ConfigFile.warning(c, n, "admission plugin entry without a name; skipped"));
        continue;
      }
      Plugin p =
          new Plugin(
              m.string("name").get(),
              m.string("path").filter(s -> !s.isEmpty()),
              m.map("configuration"),
              c.locationOf(m));
      plugins.add(p);
      if (p.name().equals("EventRateLimit") && p.configuration().isPresent()) {
        MapNode conf = p.configuration().get();
        String kind = conf.string("kind").orElse("");
        String api = conf.string("apiVersion").orElse("");
        if (!kind.equals("Configuration") || !EVENT_RATE_LIMIT_API_VERSIONS.contains(api)) {
          problems.add(
              ConfigFile.warning(
                  c,
                  conf,
                  "EventRateLimit configuration should be kind Configuration of"
                      + " eventratelimit.admission.k8s.io/v1alpha1, found '"
                      + kind
                      + "' '"
                      + api
                      + "'"));
        }
        erl = Optional.of(limits(c, conf, problems));
      }
    }
    return new AdmissionConfig(c, plugins, erl);
  }

  private static EventRateLimit limits(ConfigFile c, MapNode conf, List<Problem> problems) {
    List<Limit> out = new ArrayList<>();
    for (Node n : conf.seq("limits").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode m)) {
        problems.add(ConfigFile.warning(c, n, "EventRateLimit limit is not a mapping; skipped"));
        continue;
      }
      String type = m.string("type").orElse("");
      if (!LIMIT_TYPES.contains(type)) {
        problems.add(
            ConfigFile.warning(
                c,
                m,
                "EventRateLimit limit type '"
                    + type
                    + "' is not Server, Namespace, User or SourceAndObject"));
      }
      Optional<Long> qps = m.integer("qps");
      Optional<Long> burst = m.integer("burst");
      if (qps.orElse(0L) <= 0 || burst.orElse(0L) <= 0) {
        problems.add(
            ConfigFile.warning(
                c,
                m,
                "EventRateLimit limit needs qps and burst above 0; the API server rejects"
                    + " it"));
      }
      out.add(new Limit(type, qps, burst, m.integer("cacheSize"), c.locationOf(m)));
    }
    return new EventRateLimit(c.file(), out, c.locationOf(conf));
  }

  private static Optional<byte[]> readFile(Path file, String from, List<Problem> problems) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(ConfigFile.MAX_BYTES + 1);
      if (b.length > ConfigFile.MAX_BYTES) {
        problems.add(
            Problem.error(
                file.toString(), 0, 0, "not read: more than " + ConfigFile.MAX_BYTES + " bytes"));
        return Optional.empty();
      }
      return Optional.of(b);
    } catch (IOException e) {
      problems.add(
          Problem.error(
              file.toString(),
              0,
              0,
              "cannot read (named by "
                  + from
                  + "): "
                  + (e instanceof java.nio.file.NoSuchFileException
                      ? "does not exist"
                      : String.valueOf(e.getMessage()))));
      return Optional.empty();
    }
  }

  public String file() {
    return file.file();
  }

  public List<Plugin> plugins() {
    return plugins;
  }

  public Optional<Plugin> plugin(String name) {
    return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * This configuration with EventRateLimit's limits read from {@code ec}, the file its {@code path}
   * names, found by the caller (under a node root, or among the scanned files).
   */
  public AdmissionConfig withEventRateLimit(ConfigFile ec, List<Problem> problems) {
    return new AdmissionConfig(file, plugins, Optional.of(limits(ec, ec.root(), problems)));
  }

  /** EventRateLimit's configuration, when given inline or read from its path. */
  public Optional<EventRateLimit> eventRateLimit() {
    return eventRateLimit;
  }

  /**
   * Facts for the benchmark: {@code plugins} (names, in order), {@code EventRateLimit.configured}
   * (a configuration was found), {@code EventRateLimit.path}, {@code EventRateLimit.limits} (how
   * many), {@code EventRateLimit.types} and {@code EventRateLimit.effective} (at least one limit).
   */
  public List<Setting> facts() {
    Optional<Location> top = Optional.of(file.locationOf(file.root()));
    List<Setting> out = new ArrayList<>();
    out.add(
        new Setting("plugins", String.join(",", plugins.stream().map(Plugin::name).toList()), top));
    Optional<Plugin> erl = plugin("EventRateLimit");
    Optional<Location> at = erl.map(Plugin::location).or(() -> top);
    out.add(
        new Setting("EventRateLimit.configured", String.valueOf(eventRateLimit.isPresent()), at));
    erl.flatMap(Plugin::path).ifPresent(p -> out.add(new Setting("EventRateLimit.path", p, at)));
    Optional<Location> limitsAt = eventRateLimit.map(EventRateLimit::location).or(() -> at);
    List<Limit> limits = eventRateLimit.map(EventRateLimit::limits).orElse(List.of());
    out.add(new Setting("EventRateLimit.limits", String.valueOf(limits.size()), limitsAt));
    out.add(
        new Setting(
            "EventRateLimit.types",
            String.join(",", limits.stream().map(Limit::type).toList()),
            limitsAt));
    out.add(new Setting("EventRateLimit.effective", String.valueOf(!limits.isEmpty()), limitsAt));
    return out;
  }
}
