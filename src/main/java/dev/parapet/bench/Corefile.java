package dev.parapet.bench;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CoreDNS Corefile, from a raw file or from the {@code Corefile} key of the {@code coredns}
 * ConfigMap in {@code kube-system}: server blocks ({@code .:53 { ... }}), the plugins of each with
 * their arguments and option blocks, each at its line (inside a ConfigMap, the line in the
 * ConfigMap's file when the value is a block scalar, as {@code kubectl get -o yaml} writes it).
 *
 * <p>Facts: whether {@code health} (and {@code ready}) are present, the zones the {@code
 * kubernetes} plugin answers, the targets of {@code forward} (and the older {@code proxy}), and
 * forwarding surprises: cluster names that can reach a resolver outside the cluster. {@code forward
 * . /etc/resolv.conf} (the node's resolvers, kubeadm's default) is normal.
 */
public final class Corefile {
  /** Largest Corefile read. */
  public static final int MAX_CHARS = 1 << 20;

  private static final String RESOLV_CONF = "/etc/resolv.conf";

  /** One directive: a plugin with its arguments, or an option line inside a plugin's block. */
  public record Directive(String name, List<String> args, List<Directive> options, int line) {
    public Directive {
      args = List.copyOf(args);
      options = List.copyOf(options);
    }
  }

  /** A server block: its keys ({@code .:53}, {@code example.org}) and plugins in order. */
  public record ServerBlock(List<String> keys, List<Directive> plugins, int line) {
    public ServerBlock {
      keys = List.copyOf(keys);
      plugins = List.copyOf(plugins);
    }

    public Optional<Directive> plugin(String name) {
      return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The zones the block serves, without ports or schemes ({@code .}, {@code cluster.local.}). */
    public List<String> zones() {
      return keys.stream().map(Corefile::zoneOfKey).toList();
    }
  }

  /** A file read, or not, with what was wrong with it. */
  public record Result(Optional<Corefile> corefile, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final String file;
  private final List<ServerBlock> blocks;

  private Corefile(String file, List<ServerBlock> blocks) {
    this.file = file;
    this.blocks = List.copyOf(blocks);
  }

  /** Parses a Corefile whose first line is line {@code firstLine} of {@code file}. */
  public static Result parse(String file, String text, int firstLine) {
    List<Problem> problems = new ArrayList<>();
    if (text.length() > MAX_CHARS) {
      problems.add(
          Problem.error(
              file, 0, 0, "cannot read Corefile: more than " + MAX_CHARS + " characters"));
      return new Result(Optional.empty(), problems);
    }
    Parser p = new Parser(file, tokens(text, firstLine, file, problems), problems);
    List<ServerBlock> blocks = p.serverBlocks();
    return new Result(Optional.of(new Corefile(file, blocks)), problems);
  }

  /**
   * The Corefile of a ConfigMap ({@code kube-system/coredns}, key {@code Corefile}); empty with a
   * problem when the key is missing.
   */
  public static Result fromConfigMap(K8sObject configMap) {
    List<Problem> problems = new ArrayList<>();
    Optional<MapNode> data = configMap.root().map("data");
    int index = data.map(d -> d.indexOf("Corefile")).orElse(-1);
    if (index < 0 || !(data.get().value(index) instanceof ScalarNode value) || value.isNull()) {
      Location at = configMap.location();
      problems.add(
          Problem.warning(
              at.file(),
              at.line(),
              at.column(),
              configMap.ref() + " has no data.Corefile (a string); CoreDNS not read"));
      return new Result(Optional.empty(), problems);
    }
    int keyLine = data.get().keyLine(index);
    // a block scalar (Corefile: |) starts on the next line; a one-line quoted value (JSON) cannot
    // be mapped line by line, so every directive is placed at the key
    boolean block =
        value.value().contains("\n")
            && value.line() == keyLine
            && !configMap.file().toLowerCase(Locale.ROOT).endsWith(".json");
    Result r = parse(configMap.file(), value.value(), block ? keyLine + 1 : keyLine);
    if (!block) {
      return new Result(r.corefile().map(c -> c.allAt(keyLine)), r.problems());
    }
    return r;
  }

  private Corefile allAt(int line) {
    List<ServerBlock> out = new ArrayList<>();
    for (ServerBlock b : blocks) {
      out.add(new ServerBlock(b.keys(), b.plugins().stream().map(d -> at(d, line)).toList(), line));
    }
    return new Corefile(file, out);
  }

  private static Directive at(Directive d, int line) {
    return new Directive(
        d.name(), d.args(), d.options().stream().map(o -> at(o, line)).toList(), line);
  }

  public String file() {
    return file;
  }

  public List<ServerBlock> blocks() {
    return blocks;
  }

  /** The first plugin of that name in any block (health and ready serve the whole process). */
  public Optional<Directive> plugin(String name) {
    return blocks.stream()
        .flatMap(b -> b.plugins().stream())
        .filter(p -> p.name().equals(name))
        .findFirst();
  }

  /** The zones the kubernetes plugin answers (its arguments, else the block's zones). */
  public List<String> clusterZones() {
    List<String> out = new ArrayList<>();
    for (ServerBlock b : blocks) {
      for (Directive d : b.plugins()) {
        if (d.name().equals("kubernetes")) {
          List<String> zones = d.args().isEmpty() ? b.zones() : d.args();
          zones.stream().map(Corefile::fqdn).filter(z -> !out.contains(z)).forEach(out::add);
        }
      }
    }
    return out;
  }

  /** A forwarding that sends cluster names to a resolver outside the cluster. */
  public record Surprise(String message, int line) {}

  /** Every {@code forward}/{@code proxy}: {@code FROM -> TO,TO}, in order. */
  public List<String> forwards() {
    List<String> out = new ArrayList<>();
    for (ServerBlock b : blocks) {
      for (Directive d : b.plugins()) {
        if ((d.name().equals("forward") || d.name().equals("proxy")) && !d.args().isEmpty()) {
          out.add(
              d.args().get(0) + " -> " + String.join(",", d.args().subList(1, d.args().size())));
        }
      }
    }
    return out;
  }

  /**
   * Forwardings that let cluster names leave the cluster: a {@code forward} whose zone is or lies
   * under a cluster zone; a block serving a cluster zone without the kubernetes plugin that
   * forwards; a block for a zone under a cluster zone ({@code svc.cluster.local:53}) whose
   * kubernetes plugin does not answer it and that forwards it, since CoreDNS gives each query to
   * the block with the longest matching zone, so those names never reach the kubernetes plugin; a
   * kubernetes plugin with a bare {@code fallthrough} (every cluster zone falls through) in a block
   * that forwards. Only blocks listening where the kubernetes plugin's block listens count (another
   * port or transport never sees a pod's query). {@code /etc/resolv.conf} as target counts as
   * outside too there, as it is the node's resolver.
   */
  public List<Surprise> surprises() {
    List<String> cluster = new ArrayList<>(clusterZones());
    if (cluster.stream().allMatch(z -> z.endsWith(".arpa."))) {
      cluster.add("cluster.local."); // no cluster domain named: the kubelet's default
    }
    List<Surprise> out = new ArrayList<>();
    for (ServerBlock b : blocks) {
      for (Directive d : forwardsOf(b)) {
        String from = fqdn(d.args().get(0));
        if (!from.equals(".") && cluster.stream().anyMatch(z -> isUnder(from, z))) {
          out.add(
              new Surprise(
                  d.name() + " sends the cluster zone " + from + " to " + to(d), d.line()));
        }
      }
      Optional<Directive> k8s = b.plugin("kubernetes");
      Optional<Directive> bare =
          k8s.flatMap(
              k ->
                  k.options().stream()
                      .filter(o -> o.name().equals("fallthrough") && o.args().isEmpty())
                      .findFirst());
      if (bare.isPresent()) {
        for (Directive d : forwardsOf(b)) {
          if (fqdn(d.args().get(0)).equals(".")) {
            out.add(
                new Surprise(
                    "kubernetes falls through for every zone (fallthrough without zones), so"
                        + " unknown cluster names go to "
                        + to(d),
                    bare.get().line()));
          }
        }
      }
    }
    Set<String> listeners = clusterListeners();
    for (String z : cluster) {
      Optional<ServerBlock> owner = ownerOf(z, listeners);
      if (owner.isPresent() && owner.get().plugin("kubernetes").isEmpty()) {
        for (Directive d : forwardsOf(owner.get())) {
          if (isUnder(z, fqdn(d.args().get(0)))) {
            out.add(
                new Surprise(
                    "the server block "
                        + String.join(" ", owner.get().keys())
                        + " answers "
                        + z
                        + " without the kubernetes plugin and forwards it to "
                        + to(d),
                    d.line()));
          }
        }
      }
    }
    // CoreDNS hands a query to the block with the longest zone matching the name, so a block for
    // a zone strictly under a cluster zone takes those names away from the kubernetes plugin
    for (ServerBlock b : blocks) {
      // zone -> the cluster zone it lies under, for the zones this block takes from kubernetes
      Map<String, String> taken = new LinkedHashMap<>();
      for (String key : b.keys()) {
        String y = zoneOfKey(key);
        cluster.stream()
            .filter(z -> !y.equals(z) && isUnder(y, z))
            .findFirst()
            .filter(z -> listeners.contains(listenerOfKey(key)) && !answersAll(b, y))
            .ifPresent(z -> taken.putIfAbsent(y, z));
      }
      for (Directive d : forwardsOf(b)) {
        String from = fqdn(d.args().get(0));
        if (!from.equals(".") && cluster.stream().anyMatch(z -> isUnder(from, z))) {
          continue; // reported above as a forward of a cluster zone
        }
        List<String> sent =
            taken.entrySet().stream()
                .filter(e -> isUnder(e.getKey(), from))
                .map(e -> e.getKey() + ", under the cluster zone " + e.getValue() + ",")
                .toList();
        if (!sent.isEmpty()) {
          out.add(
              new Surprise(
                  "the server block "
                      + String.join(" ", b.keys())
                      + " answers "
                      + String.join(" and ", sent)
                      + " without the kubernetes plugin and forwards it to "
                      + to(d),
                  d.line()));
        }
      }
    }
    return out;
  }

  private static List<Directive> forwardsOf(ServerBlock b) {
    return b.plugins().stream()
        .filter(
            d -> (d.name().equals("forward") || d.name().equals("proxy")) && !d.args().isEmpty())
        .toList();
  }

  private static String to(Directive d) {
    return String.join(",", d.args().subList(1, d.args().size()));
  }

  /**
   * The block with the most specific zone covering {@code name} among those listening where the
   * cluster's queries arrive, as CoreDNS routes a query: "the server with the longest match on the
   * query name will receive the query"
   * (https://github.com/coredns/coredns/blob/master/corefile.5.md).
   */
  private Optional<ServerBlock> ownerOf(String name, Set<String> listeners) {
    ServerBlock best = null;
    int bestLength = -1;
    for (ServerBlock b : blocks) {
      for (String key : b.keys()) {
        String z = zoneOfKey(key);
        if (listeners.contains(listenerOfKey(key)) && isUnder(name, z) && z.length() > bestLength) {
          best = b;
          bestLength = z.length();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Where the cluster's queries arrive: the transports and ports of the blocks holding the
   * kubernetes plugin, else plain DNS on 53. Blocks elsewhere never see a pod's query.
   */
  private Set<String> clusterListeners() {
    Set<String> out = new TreeSet<>();
    for (ServerBlock b : blocks) {
      if (b.plugin("kubernetes").isPresent()) {
        b.keys().stream().map(Corefile::listenerOfKey).forEach(out::add);
      }
    }
    if (out.isEmpty()) {
      out.add("dns:53");
    }
    return out;
  }

  /** Whether the block's kubernetes plugin answers every name under {@code zone}. */
  private static boolean answersAll(ServerBlock b, String zone) {
    return b.plugin("kubernetes")
        .map(k -> k.args().isEmpty() ? b.zones() : k.args())
        .map(zs -> zs.stream().map(Corefile::fqdn).anyMatch(kz -> isUnder(zone, kz)))
        .orElse(false);
  }

  /**
   * Facts for the benchmark: {@code health.present}, {@code ready.present}, {@code
   * kubernetes.zones}, {@code forward.targets} ({@code FROM -> TO} joined by {@code ;}), {@code
   * forward.surprises} (how many) and {@code forward.normal} (every forward is {@code .} to
   * /etc/resolv.conf).
   */
  public List<Setting> facts() {
    List<Setting> out = new ArrayList<>();
    Optional<Directive> health = plugin("health");
    out.add(
        new Setting(
            "health.present",
            String.valueOf(health.isPresent()),
            Optional.of(loc(health.map(Directive::line).orElse(firstLine())))));
    out.add(
        new Setting(
            "ready.present",
            String.valueOf(plugin("ready").isPresent()),
            Optional.of(loc(plugin("ready").map(Directive::line).orElse(firstLine())))));
    out.add(
        new Setting(
            "kubernetes.zones",
            String.join(",", clusterZones()),
            Optional.of(loc(plugin("kubernetes").map(Directive::line).orElse(firstLine())))));
    out.add(
        new Setting(
            "forward.targets",
            String.join(";", forwards()),
            Optional.of(
                loc(
                    plugin("forward")
                        .or(() -> plugin("proxy"))
                        .map(Directive::line)
                        .orElse(firstLine())))));
    List<Surprise> s = surprises();
    out.add(
        new Setting(
            "forward.surprises",
            String.valueOf(s.size()),
            Optional.of(loc(s.isEmpty() ? firstLine() : s.get(0).line()))));
    if (!s.isEmpty()) {
      out.add(
          new Setting(
              "forward.surprises.detail",
              String.join(
                  "; ", s.stream().map(x -> x.message() + " (line " + x.line() + ")").toList()),
              Optional.of(loc(s.get(0).line()))));
    }
    boolean normal = forwards().stream().allMatch(f -> f.equals(". -> " + RESOLV_CONF));
    out.add(new Setting("forward.normal", String.valueOf(normal), Optional.of(loc(firstLine()))));
    return out;
  }

  private int firstLine() {
    return blocks.isEmpty() ? 0 : blocks.get(0).line();
  }

  private Location loc(int line) {
    return new Location(file, 0, line, 0, "", null);
  }

  static String fqdn(String zone) {
    String z = zone.toLowerCase(Locale.ROOT);
    return z.equals(".") || z.endsWith(".") ? z : z + ".";
  }

  private static boolean isUnder(String name, String zone) {
    return zone.equals(".") || name.equals(zone) || name.endsWith("." + zone);
  }

  /** {@code dns://example.org:1053} → {@code example.org.}; {@code .:53} → {@code .}. */
  static String zoneOfKey(String key) {
    String k = key;
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int colon = k.lastIndexOf(':');
    if (colon >= 0) {
      k = k.substring(0, colon);
    }
    return k.isEmpty() ? "." : fqdn(k);
  }

  /**
   * The transport and port a key listens on: {@code .:53} and {@code example.org} → {@code dns:53},
   * {@code tls://.} → {@code tls:853}. Default ports as CoreDNS sets them
   * (https://github.com/coredns/coredns/blob/master/plugin/pkg/transport/transport.go).
   */
  static String listenerOfKey(String key) {
    String k = key;
    String scheme = "dns";
    int at = k.indexOf("://");
    if (at >= 0) {
      scheme = k.substring(0, at).toLowerCase(Locale.ROOT);
      k = k.substring(at + 3);
    }
    int colon = k.lastIndexOf(':');
    if (colon >= 0 && colon + 1 < k.length()) {
      return scheme + ":" + k.substring(colon + 1);
    }
    String port =
        switch (scheme) {
          case "tls", "quic" -> "853";
          case "grpc", "https" -> "443";
          default -> "53";
        };
    return scheme + ":" + port;
  }

  // --- lexer and parser ----------------------------------------------------------------------

  private record Token(String text, int line, boolean quoted) {}

  /** Words, quoted strings and braces with their lines; {@code #} comments dropped. */
  private static List<Token> tokens(
      String text, int firstLine, String file, List<Problem> problems) {
    List<Token> out = new ArrayList<>();
    int line = firstLine;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        int start = line;
        i++;
        while (i < n && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          if (text.charAt(i) == '\n') {
            line++;
          }
          sb.append(text.charAt(i++));
        }
        if (i >= n) {
          problems.add(Problem.warning(file, start, 0, "Corefile: unterminated quoted string"));
        }
        i++;
        out.add(new Token(sb.toString(), start, true));
        continue;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      String w = text.substring(s, i);
      // "zone{" and "}" glued to words are split as Caddy's lexer does for a trailing brace
      if (w.length() > 1 && w.endsWith("{")) {
        out.add(new Token(w.substring(0, w.length() - 1), line, false));
        out.add(new Token("{", line, false));
      } else {
        out.add(new Token(w, line, false));
      }
    }
    return out;
  }

  private static final class Parser {
    private final String file;
    private final List<Token> t;
    private final List<Problem> problems;
    private int pos;

    Parser(String file, List<Token> tokens, List<Problem> problems) {
      this.file = file;
      this.t = tokens;
      this.problems = problems;
    }

    private boolean open(Token k) {
      return !k.quoted() && k.text().equals("{");
    }

    private boolean close(Token k) {
      return !k.quoted() && k.text().equals("}");
    }

    List<ServerBlock> serverBlocks() {
      List<ServerBlock> out = new ArrayList<>();
      while (pos < t.size()) {
        List<String> keys = new ArrayList<>();
        int line = t.get(pos).line();
        while (pos < t.size() && !open(t.get(pos))) {
          if (close(t.get(pos))) {
            problems.add(Problem.warning(file, t.get(pos).line(), 0, "Corefile: unexpected '}'"));
            pos++;
            continue;
          }
          for (String k : t.get(pos++).text().split(",")) {
            if (!k.isEmpty()) {
              keys.add(k);
            }
          }
        }
        if (pos >= t.size()) {
          if (!keys.isEmpty()) {
            problems.add(
                Problem.warning(
                    file, line, 0, "Corefile: server block " + keys + " has no '{'; ignored"));
          }
          break;
        }
        pos++; // {
        if (keys.isEmpty()) {
          problems.add(Problem.warning(file, line, 0, "Corefile: server block without a zone"));
        }
        out.add(new ServerBlock(keys, directives(line), line));
      }
      return out;
    }

    /** Directives until the matching '}': one per line, a trailing '{' opens its options. */
    private List<Directive> directives(int openedAt) {
      List<Directive> out = new ArrayList<>();
      while (pos < t.size()) {
        Token first = t.get(pos);
        if (close(first)) {
          pos++;
          return out;
        }
        pos++;
        List<String> args = new ArrayList<>();
        List<Directive> options = List.of();
        while (pos < t.size() && t.get(pos).line() == first.line() && !close(t.get(pos))) {
          Token a = t.get(pos++);
          if (open(a)) {
            options = directives(a.line());
            break;
          }
          args.add(a.text());
        }
        out.add(new Directive(first.text(), args, options, first.line()));
      }
      problems.add(
          Problem.warning(file, openedAt, 0, "Corefile: block opened here is never closed"));
      return out;
    }
  }
}
