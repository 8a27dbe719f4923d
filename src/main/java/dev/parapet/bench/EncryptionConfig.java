package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API server's encryption at rest ({@code --encryption-provider-config}, {@code
 * apiserver.config.k8s.io/v1 EncryptionConfiguration}): for each list of resources, its providers
 * in order. The first provider encrypts every write, the others only decrypt, so {@code identity}
 * first means the data is written in plain text whatever follows it.
 *
 * <p>A resource is matched as the API server matches it: its exact name ({@code secrets}, {@code
 * deployments.apps}) first, then its group's wildcard ({@code *.apps}; {@code *.} for the core
 * group), then {@code *.*}; for each, the first entry listing it wins.
 */
public final class EncryptionConfig {
  public static final Set<String> API_VERSIONS = Set.of("apiserver.config.k8s.io/v1");

  /** A provider type; kms is split by its {@code apiVersion} (v1 when not given, as upstream). */
  public enum Kind {
    IDENTITY("identity"),
    AESCBC("aescbc"),
    AESGCM("aesgcm"),
    SECRETBOX("secretbox"),
    KMS_V1("kms"),
    KMS_V2("kms"),
    UNKNOWN("unknown");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** The provider's key in the file ({@code kms} for both kms versions). */
    public String key() {
      return key;
    }

    /** True for the providers that encrypt. */
    public boolean encrypts() {
      return this != IDENTITY && this != UNKNOWN;
    }
  }

  /** One provider, with its key names (or the kms plugin's name) and where it is written. */
  public record Provider(Kind kind, List<String> keyNames, Location location) {
    public Provider {
      keyNames = List.copyOf(keyNames);
    }
  }

  /** One entry of {@code resources}: the resources it names and their providers in order. */
  public record Entry(List<String> resources, List<Provider> providers, Location location) {
    public Entry {
      resources = List.copyOf(resources);
      providers = List.copyOf(providers);
    }
  }

  private final ConfigFile file;
  private final List<Entry> entries;

  private EncryptionConfig(ConfigFile file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /** Reads an EncryptionConfiguration file. */
  public static Result read(String file, byte[] bytes) {
    ConfigFile.Read r = ConfigFile.read(file, bytes, "EncryptionConfiguration", API_VERSIONS);
    List<Problem> problems = new ArrayList<>(r.problems());
    return new Result(r.config().map(c -> of(c, problems)), problems);
  }

  /** A file read, or not, with what was wrong with it. */
  public record Result(Optional<EncryptionConfig> config, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /** Reads the entries of an EncryptionConfiguration; oddities become warnings. */
  public static EncryptionConfig of(ConfigFile c, List<Problem> problems) {
    List<Entry> entries = new ArrayList<>();
    Optional<SeqNode> resources = c.root().seq("resources");
    if (resources.isEmpty()) {
      problems.add(
          ConfigFile.warning(c, c.root(), "EncryptionConfiguration has no resources list"));
      return new EncryptionConfig(c, entries);
    }
    for (Node n : resources.get().items()) {
      if (!(n instanceof MapNode m)) {
        problems.add(ConfigFile.warning(c, n, "resources entry is not a mapping; skipped"));
        continue;
      }
      List<String> names = new ArrayList<>();
      m.seq("resources")
          .ifPresent(
              s ->
                  s.items().stream()
                      .filter(ScalarNode.class::isInstance)
                      .map(x -> ((ScalarNode) x).value())
                      .forEach(names::add));
      List<Provider> providers = new ArrayList<>();
      for (Node p : m.seq("providers").map(SeqNode::items).orElse(List.of())) {
        provider(c, p, problems).ifPresent(providers::add);
      }
      if (names.isEmpty() || providers.isEmpty()) {
        problems.add(
            ConfigFile.warning(
                c, m, "resources entry without resources or providers; the API server rejects it"));
      }
      entries.add(new Entry(names, providers, c.locationOf(m)));
    }
    return new EncryptionConfig(c, entries);
  }

  private static Optional<Provider> provider(ConfigFile c, Node n, List<Problem> problems) {
    if (!(n instanceof MapNode m) || m.entries() != 1) {
      problems.add(
          ConfigFile.warning(
              c, n, "a provider must have exactly one type (identity, aescbc, ...)"));
      return Optional.empty();
    }
    String key = m.key(0);
    Node body = m.value(0);
    Optional<MapNode> config = body instanceof MapNode b ? Optional.of(b) : Optional.empty();
    List<String> names = new ArrayList<>();
    Kind kind;
    switch (key) {
      case "identity" -> kind = Kind.IDENTITY;
      case "aescbc" -> kind = Kind.AESCBC;
      case "aesgcm" -> kind = Kind.AESGCM;
      case "secretbox" -> kind = Kind.SECRETBOX;
      case "kms" -> {
        String v = config.flatMap(b -> b.string("apiVersion")).orElse("v1");
        kind = v.equals("v2") ? Kind.KMS_V2 : Kind.KMS_V1;
        config.flatMap(b -> b.string("name")).ifPresent(names::add);
      }
      default -> {
        kind = Kind.UNKNOWN;
        problems.add(ConfigFile.warning(c, n, "unknown encryption provider '" + key + "'"));
      }
    }
    if (kind != Kind.KMS_V1 && kind != Kind.KMS_V2) {
      for (Node k : config.flatMap(b -> b.seq("keys")).map(SeqNode::items).orElse(List.of())) {
        if (k instanceof MapNode km) {
          km.string("name").ifPresent(names::add);
        }
      }
    }
    return Optional.of(new Provider(kind, names, c.locationOf(m)));
  }

  public String file() {
    return file.file();
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * The entry that decides a resource of a group ({@code ""} for the core group), as the API server
   * picks it.
   */
  public Optional<Entry> entryFor(String group, String resource) {
    String exact = group.isEmpty() ? resource : resource + "." + group;
    for (String name : List.of(exact, "*." + group, "*.*")) {
      for (Entry e : entries) {
        if (e.resources().contains(name)) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  /** The provider that encrypts new writes of a resource: the first of its entry. */
  public Optional<Provider> writeProvider(String group, String resource) {
    return entryFor(group, resource).flatMap(e -> e.providers().stream().findFirst());
  }

  /** False when Secrets are not listed or their first provider is {@code identity}. */
  public boolean secretsEncrypted() {
    return writeProvider("", "secrets").map(p -> p.kind().encrypts()).orElse(false);
  }

  /**
   * Facts for the benchmark, as settings with locations: {@code secrets.encrypted}, {@code
   * secrets.provider} (identity, aescbc, aesgcm, secretbox, kms), {@code secrets.kms.apiVersion},
   * {@code secrets.providers} (all, in order), {@code secrets.provider.preferred} (true for kms v2
   * only) and {@code secrets.provider.note}.
   */
  public List<Setting> facts() {
    List<Setting> out = new ArrayList<>();
    Optional<Entry> entry = entryFor("", "secrets");
    Optional<Provider> first = writeProvider("", "secrets");
    Optional<Location> where = first.map(Provider::location).or(() -> entry.map(Entry::location));
    if (where.isEmpty()) {
      where = Optional.of(file.locationOf(file.root()));
    }
    out.add(new Setting("secrets.encrypted", String.valueOf(secretsEncrypted()), where));
    if (first.isPresent()) {
      Provider p = first.get();
      out.add(new Setting("secrets.provider", p.kind().key(), where));
      if (p.kind() == Kind.KMS_V1 || p.kind() == Kind.KMS_V2) {
        out.add(
            new Setting("secrets.kms.apiVersion", p.kind() == Kind.KMS_V2 ? "v2" : "v1", where));
      }
      out.add(
          new Setting(
              "secrets.providers",
              String.join(",", entry.get().providers().stream().map(x -> x.kind().key()).toList()),
              entry.map(Entry::location)));
      out.add(
          new Setting(
              "secrets.provider.preferred", String.valueOf(p.kind() == Kind.KMS_V2), where));
    }
    out.add(new Setting("secrets.provider.note", note(first), where));
    return out;
  }

  private static String note(Optional<Provider> first) {
    if (first.isEmpty()) {
      return "secrets are not listed: they are stored unencrypted; kms v2 is the preferred"
          + " provider";
    }
    return switch (first.get().kind()) {
      case IDENTITY ->
          "identity is the first provider: secrets are written unencrypted; kms v2 is the"
              + " preferred provider";
      case KMS_V2 -> "kms v2 encrypts secrets, the preferred provider";
      case KMS_V1 ->
          "kms v1 is deprecated since Kubernetes 1.28 and off by default since 1.29; kms v2 is"
              + " preferred";
      case AESCBC ->
          "aescbc encrypts secrets with a key held on the control plane; upstream no longer"
              + " recommends it (padding oracle); kms v2 is preferred";
      case AESGCM ->
          "aesgcm needs its key rotated every 200,000 writes and CIS does not accept it; kms v2"
              + " is preferred";
      case SECRETBOX ->
          "secretbox encrypts secrets with a key held on the control plane; kms v2 is preferred";
      case UNKNOWN -> "the first provider is not one the API server knows";
    };
  }
}
