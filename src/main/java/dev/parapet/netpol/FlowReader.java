package dev.parapet.netpol;

import dev.parapet.source.Document;
import dev.parapet.source.Limits;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import dev.parapet.source.YamlReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the connections to allow from a flows file: the CSV that {@code parapet netpol matrix -o
 * csv} writes ({@code src,dst,ports}), or a YAML or JSON list of entries with {@code from}, {@code
 * to} and {@code ports}. Peers are resolved against the inventory's pod groups; a flow naming an
 * unknown workload, a bad address or a bad port is reported as an error at its line and skipped,
 * and the others are read.
 */
public final class FlowReader {
  /** The flows read, and an error for each entry that was skipped. */
  public record Result(List<Flow> flows, List<Problem> problems) {
    public Result {
      flows = List.copyOf(flows);
      problems = List.copyOf(problems);
    }
  }

  private static final Pattern RANGE =
      Pattern.compile("([0-9a-fA-F:.]+)-([0-9a-fA-F:.]+)(\\[External\\])?");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  private static final Pattern MATRIX_PORTS = Pattern.compile("(TCP|UDP|SCTP) .*");

  /** How {@code netpol matrix} names the ingress controller, after netpol-analyzer. */
  private static final String INGRESS_CONTROLLER = IngressController.INSTANCE.display();

  private final String file;
  private final List<PodGroup> groups;
  private final List<Flow> flows = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private FlowReader(String file, List<PodGroup> groups) {
    this.file = file;
    this.groups = groups;
  }

  /**
   * Reads {@code text}, named {@code file} in messages: CSV when the file name ends in {@code .csv}
   * or its first line that is neither blank nor a {@code #} comment starts with {@code src,dst},
   * YAML or JSON otherwise.
   */
  public static Result read(String file, String text, List<PodGroup> groups) {
    FlowReader r = new FlowReader(file, groups);
    if (text.startsWith("\uFEFF")) {
      // a UTF-8 byte order mark, as Excel and other Windows tools write one before a CSV
      text = text.substring(1);
    }
    if (isCsv(file, text)) {
      r.csv(text);
    } else {
      r.yaml(text);
    }
    return new Result(r.flows, r.problems);
  }

  private static boolean isCsv(String file, String text) {
    if (file.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return true;
    }
    for (String line : text.lines().toList()) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        return s.toLowerCase(Locale.ROOT).replace(" ", "").startsWith("src,dst");
      }
    }
    return false;
  }

  private void csv(String text) {
    List<String> lines = text.lines().toList();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int lineNo = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = csvFields(line);
      if (fields == null) {
        error(lineNo, "expected src,dst,ports with quotes closed on the line; flow skipped");
        continue;
      }
      if (!header) {
        header = true;
        if (fields.size() >= 2
            && fields.get(0).strip().equalsIgnoreCase("src")
            && fields.get(1).strip().equalsIgnoreCase("dst")) {
          continue;
        }
      }
      if (fields.size() < 3) {
        error(lineNo, "expected src,dst,ports; flow skipped");
        continue;
      }
      flow(lineNo, fields.get(0).strip(), fields.get(1).strip(), List.of(fields.get(2).strip()));
    }
  }

  /** The fields of one RFC 4180 line, or null when a quote is left open. */
  static List<String> csvFields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString());
    return out;
  }

  private void yaml(String text) {
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT).read(file, text.getBytes(StandardCharsets.UTF_8));
    for (Problem p : parsed.problems()) {
      problems.add(Problem.error(p.file(), p.line(), p.column(), p.message()));
    }
    for (Document d : parsed.documents()) {
      Node root = d.root();
      if (root instanceof ScalarNode s && s.isNull()) {
        continue;
      }
      Optional<SeqNode> list =
          root instanceof SeqNode s
              ? Optional.of(s)
              : root instanceof MapNode m ? m.seq("flows") : Optional.empty();
      if (list.isEmpty()) {
        error(root.line(), "expected a list of flows, or a mapping with a flows list");
        continue;
      }
      for (Node n : list.get().items()) {
        if (!(n instanceof MapNode m)) {
          error(n.line(), "expected a flow with from, to and ports; flow skipped");
          continue;
        }
        Optional<String> from = m.string("from").or(() -> m.string("src"));
        Optional<String> to = m.string("to").or(() -> m.string("dst"));
        if (from.isEmpty() || to.isEmpty()) {
          error(m.line(), "a flow needs from and to; flow skipped");
          continue;
        }
        List<String> ports = new ArrayList<>();
        Optional<Node> portsNode = m.get("ports").or(() -> m.get("port"));
        if (portsNode.isPresent() && portsNode.get() instanceof SeqNode seq) {
          for (Node p : seq.items()) {
            if (p instanceof ScalarNode s) {
              ports.add(s.value());
            } else if (p instanceof MapNode pm) {
              // the NetworkPolicy form: {port: 8080, protocol: TCP}
              ports.add(
                  pm.string("port").orElse("")
                      + pm.string("protocol").map(x -> "/" + x).orElse(""));
            }
          }
        } else if (portsNode.isPresent() && portsNode.get() instanceof ScalarNode s) {
          ports.add(s.value() + m.string("protocol").map(x -> "/" + x).orElse(""));
        } else if (portsNode.isPresent()) {
          error(portsNode.get().line(), "expected ports as a list or a string; flow skipped");
          continue;
        } else {
          ports.add("all");
        }
        flow(m.line(), from.get().strip(), to.get().strip(), ports);
      }
    }
  }

  private void flow(int line, String from, String to, List<String> portTexts) {
    String origin = file + ":" + line;
    if (from.equals(INGRESS_CONTROLLER) || to.equals(INGRESS_CONTROLLER)) {
      // the matrix's stand-in for the cluster's ingress controller, whose pods the manifests do not
      // identify: no selector can be written for it, and guessing its namespace would open the
      // workload to whatever runs there. The generated set notes the Ingress at the workload.
      problems.add(
          Problem.warning(
              file,
              line,
              0,
              "flows: "
                  + INGRESS_CONTROLLER
                  + " stands for the cluster's ingress controller, which the input does not"
                  + " identify; flow "
                  + from
                  + " -> "
                  + to
                  + " skipped (to admit the controller, write a flow from its workload, as"
                  + " namespace/name, or from its address block)"));
      return;
    }
    Optional<Peer> src = peer(line, from);
    Optional<Peer> dst = peer(line, to);
    if (src.isEmpty() || dst.isEmpty()) {
      return;
    }
    if (src.get() instanceof IpRange && dst.get() instanceof IpRange) {
      error(line, "neither " + from + " nor " + to + " is a workload; flow skipped");
      return;
    }
    List<Flow.Port> ports = new ArrayList<>();
    boolean all = false;
    for (String text : portTexts) {
      Optional<List<Flow.Port>> parsed = ports(line, text);
      if (parsed.isEmpty()) {
        return;
      }
      if (parsed.get().isEmpty()) {
        all = true;
      }
      ports.addAll(parsed.get());
    }
    for (Flow.Port p : ports) {
      if (p.name().isPresent()) {
        if (!(dst.get() instanceof PodGroup g)) {
          error(line, "port name " + p + " needs a workload as destination; flow skipped");
          return;
        }
        boolean known =
            g.namedPorts().stream()
                .anyMatch(np -> np.name().equals(p.name().get()) && np.protocol() == p.protocol());
        if (!known) {
          error(
              line,
              "port name " + p + " is not a container port of " + g.display() + "; flow skipped");
          return;
        }
      }
    }
    flows.add(new Flow(src.get(), dst.get(), all ? List.of() : ports, origin));
  }

  /** A workload ({@code ns/name[Kind]} or {@code ns/name}) or an address block. */
  private Optional<Peer> peer(int line, String text) {
    Optional<IpRange> range = address(text);
    if (range.isPresent()) {
      return Optional.of(range.get());
    }
    if (looksLikeAddress(text)) {
      error(line, "cannot read address block " + text + "; flow skipped");
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      error(
          line,
          "expected a workload as namespace/name or namespace/name[Kind], or an address block,"
              + " not "
              + (text.isEmpty() ? "an empty field" : text)
              + "; flow skipped");
      return Optional.empty();
    }
    List<PodGroup> matching =
        groups.stream()
            .filter(
                g ->
                    g.display().equals(text)
                        || !text.contains("[") && (g.namespace() + "/" + g.owner()).equals(text))
            .toList();
    if (matching.size() == 1) {
      return Optional.of(matching.get(0));
    }
    if (matching.size() > 1) {
      error(
          line,
          text
              + " is ambiguous: "
              + String.join(", ", matching.stream().map(PodGroup::display).toList())
              + "; name one as namespace/name[Kind]; flow skipped");
    } else {
      error(line, "unknown workload " + text + "; flow skipped");
    }
    return Optional.empty();
  }

  private static boolean looksLikeAddress(String text) {
    return text.matches("[0-9a-fA-F:.]+(/.*)?") && (text.contains(".") || text.contains(":"))
        || text.endsWith("[External]");
  }

  /**
   * An address block as a CIDR ({@code 10.0.0.0/8}), a single address, or a range as the matrix
   * prints it ({@code 0.0.0.0-255.255.255.255[External]}).
   */
  static Optional<IpRange> address(String text) {
    if (text.contains("/")) {
      // a literal address only (a dot or a colon), so that no name is ever looked up in DNS
      return text.matches("[0-9a-fA-F:.]*[.:][0-9a-fA-F:.]*/[0-9]+")
          ? IpRange.parseCidr(text)
          : Optional.empty();
    }
    Matcher m = RANGE.matcher(text);
    if (m.matches()) {
      Optional<IpRange> a = single(m.group(1));
      Optional<IpRange> b = single(m.group(2));
      if (a.isPresent()
          && b.isPresent()
          && a.get().v6() == b.get().v6()
          && a.get().first().compareTo(b.get().first()) <= 0) {
        return Optional.of(new IpRange(a.get().v6(), a.get().first(), b.get().first()));
      }
      return Optional.empty();
    }
    return single(text);
  }

  private static Optional<IpRange> single(String addr) {
    if (!addr.matches("[0-9a-fA-F:.]+") || !(addr.contains(".") || addr.contains(":"))) {
      return Optional.empty();
    }
    return IpRange.parseCidr(addr + (addr.contains(":") ? "/128" : "/32"));
  }

  /**
   * The ports of one field: {@code all}, the matrix form ({@code TCP 80,443,UDP 53}), or items
   * separated by commas or spaces, each {@code 8080}, {@code 8080/TCP}, {@code 8000-8080/UDP},
   * {@code http}, {@code http/TCP} or a protocol alone for every port of it. Empty list means all;
   * empty optional means an error was reported.
   */
  private Optional<List<Flow.Port>> ports(int line, String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("all") || t.equals("All Connections") || t.equals("*")) {
      return Optional.of(List.of());
    }
    List<Flow.Port> out = new ArrayList<>();
    if (MATRIX_PORTS.matcher(t).matches()) {
      PortSet.Protocol current = null;
      for (String item : t.split(",")) {
        String s = item.strip();
        int space = s.indexOf(' ');
        if (space > 0) {
          current = PortSet.Protocol.valueOf(s.substring(0, space));
          s = s.substring(space + 1).strip();
        }
        Optional<Flow.Port> p = port(line, s + "/" + current);
        if (p.isEmpty()) {
          return Optional.empty();
        }
        out.add(p.get());
      }
      return Optional.of(out);
    }
    for (String item : t.split("[,\\s]+")) {
      if (item.isEmpty()) {
        continue;
      }
      Optional<Flow.Port> p = port(line, item);
      if (p.isEmpty()) {
        return Optional.empty();
      }
      out.add(p.get());
    }
    if (out.isEmpty()) {
      error(line, "no ports given (write all for every port); flow skipped");
      return Optional.empty();
    }
    return Optional.of(out);
  }

  private Optional<Flow.Port> port(int line, String item) {
    String spec = item;
    PortSet.Protocol protocol = PortSet.Protocol.TCP;
    Optional<PortSet.Protocol> alone = protocol(item);
    if (alone.isPresent()) {
      return Optional.of(Flow.Port.number(alone.get(), PortSet.MIN_PORT, PortSet.MAX_PORT));
    }
    int slash = item.indexOf('/');
    if (slash >= 0) {
      spec = item.substring(0, slash);
      Optional<PortSet.Protocol> p = protocol(item.substring(slash + 1));
      if (p.isEmpty()) {
        error(
            line,
            "unknown protocol in port " + item + " (expected TCP, UDP or SCTP); flow skipped");
        return Optional.empty();
      }
      protocol = p.get();
    }
    if (spec.matches("[0-9]+(-[0-9]+)?")) {
      String[] parts = spec.split("-");
      BigInteger from = new BigInteger(parts[0]);
      BigInteger to = parts.length > 1 ? new BigInteger(parts[1]) : from;
      BigInteger max = BigInteger.valueOf(PortSet.MAX_PORT);
      if (from.signum() <= 0
          || to.compareTo(max) > 0
          || from.compareTo(max) > 0
          || from.compareTo(to) > 0) {
        error(line, "port " + item + " is not a port or range within 1-65535; flow skipped");
        return Optional.empty();
      }
      return Optional.of(Flow.Port.number(protocol, from.intValue(), to.intValue()));
    }
    if (spec.length() <= 15 && PORT_NAME.matcher(spec).matches() && spec.matches(".*[a-z].*")) {
      return Optional.of(Flow.Port.named(protocol, spec));
    }
    error(
        line,
        "cannot read port "
            + (item.isEmpty() ? "(empty)" : item)
            + " (expected 8080/TCP, 8000-8080/TCP, a port name or all); flow skipped");
    return Optional.empty();
  }

  private static Optional<PortSet.Protocol> protocol(String s) {
    for (PortSet.Protocol p : PortSet.Protocol.values()) {
      if (p.name().equalsIgnoreCase(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private void error(int line, String message) {
    problems.add(Problem.error(file, line, 0, "flows: " + message));
  }
}
