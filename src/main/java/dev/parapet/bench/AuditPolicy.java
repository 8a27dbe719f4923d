package dev.parapet.bench;

import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API server's audit policy ({@code --audit-policy-file}, {@code audit.k8s.io/v1 Policy}): its
 * rules in order, the first matching rule setting the level of a request, no match meaning no
 * event. Matching follows the API server's policy checker: users, groups, verbs, namespaces and
 * resources narrow a rule; a resource matches by group and name ({@code *} for any), resource names
 * narrow it further; a rule with only non-resource URLs never matches a resource request.
 *
 * <p>For Secrets (group {@code ""}, resource {@code secrets}) it works out the level a request
 * gets: the level of the first rule that matches every Secret request, and every level an earlier,
 * narrower rule may give some Secret requests. {@code Request} and {@code RequestResponse} write
 * Secret contents to the audit log; {@code Metadata} is what CIS asks for.
 */
public final class AuditPolicy {
  public static final Set<String> API_VERSIONS = Set.of("audit.k8s.io/v1");
  private static final Set<String> LEVELS =
      Set.of("None", "Metadata", "Request", "RequestResponse");

  /**
   * One rule.
   *
   * @param level its level
   * @param matchesSomeSecrets whether some request on Secrets can match it
   * @param matchesAllSecrets whether every request on Secrets matches it (no narrowing)
   * @param omitStages the rule's own omitted stages
   * @param location where it is written
   */
  public record Rule(
      String level,
      boolean matchesSomeSecrets,
      boolean matchesAllSecrets,
      List<String> omitStages,
      Location location) {
    public Rule {
      omitStages = List.copyOf(omitStages);
    }
  }

  /** A file read, or not, with what was wrong with it. */
  public record Result(Optional<AuditPolicy> policy, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final ConfigFile file;
  private final List<Rule> rules;
  private final List<String> omitStages;

  private AuditPolicy(ConfigFile file, List<Rule> rules, List<String> omitStages) {
    this.file = file;
    this.rules = List.copyOf(rules);
    this.omitStages = List.copyOf(omitStages);
  }

  /** Reads an audit Policy file. */
  public static Result read(String file, byte[] bytes) {
    ConfigFile.Read r = ConfigFile.read(file, bytes, "Policy", API_VERSIONS);
    List<Problem> problems = new ArrayList<>(r.problems());
    return new Result(r.config().map(c -> of(c, problems)), problems);
  }

  /** Reads the rules of a Policy; oddities become warnings. */
  public static AuditPolicy of(ConfigFile c, List<Problem> problems) {
    List<Rule> rules = new ArrayList<>();
    List<Node> items = c.root().seq("rules").map(SeqNode::items).orElse(List.of());
    if (items.isEmpty()) {
      problems.add(
          ConfigFile.warning(
              c,
              c.root(),
              "audit policy has no rules; the API server refuses a policy without" + " rules"));
    }
    for (Node n : items) {
      if (!(n instanceof MapNode m)) {
        problems.add(ConfigFile.warning(c, n, "audit rule is not a mapping; skipped"));
        continue;
      }
      String level = m.string("level").orElse("");
      if (!LEVELS.contains(level)) {
        problems.add(
            ConfigFile.warning(
                c,
                m.get("level").orElse(m),
                "audit rule level '"
                    + level
                    + "' is not None, Metadata, Request or RequestResponse; skipped"));
        continue;
      }
      boolean narrowed =
          nonEmpty(m, "users")
              || nonEmpty(m, "userGroups")
              || nonEmpty(m, "verbs")
              || nonEmpty(m, "namespaces");
      boolean some;
      boolean all;
      if (!nonEmpty(m, "resources") && !nonEmpty(m, "namespaces")) {
        // no resource selector: a rule with only nonResourceURLs matches no resource request
        some = !nonEmpty(m, "nonResourceURLs");
        all = some && !narrowed;
      } else {
        int match = secretsMatch(m.seq("resources").map(SeqNode::items).orElse(List.of()));
        if (!nonEmpty(m, "resources")) {
          match = 2; // namespaces only: every resource in those namespaces
        }
        some = match > 0;
        all = match == 2 && !narrowed;
      }
      rules.add(new Rule(level, some, all, strings(m, "omitStages"), c.locationOf(m)));
    }
    return new AuditPolicy(c, rules, strings(c.root(), "omitStages"));
  }

  /** 0: no Secret request matches; 1: some (resource names); 2: all. */
  private static int secretsMatch(List<Node> groupResources) {
    int best = 0;
    for (Node n : groupResources) {
      if (!(n instanceof MapNode gr) || !gr.string("group").orElse("").isEmpty()) {
        continue;
      }
      List<String> names = strings(gr, "resources");
      boolean named = names.isEmpty() || names.contains("secrets") || names.contains("*");
      if (!named) {
        continue;
      }
      best = Math.max(best, nonEmpty(gr, "resourceNames") && !names.isEmpty() ? 1 : 2);
    }
    return best;
  }

  private static boolean nonEmpty(MapNode m, String key) {
    return m.seq(key).map(s -> s.length() > 0).orElse(false);
  }

  private static List<String> strings(MapNode m, String key) {
    List<String> out = new ArrayList<>();
    for (Node n : m.seq(key).map(SeqNode::items).orElse(List.of())) {
      if (n instanceof ScalarNode s && !s.isNull()) {
        out.add(s.value());
      }
    }
    return out;
  }

  public String file() {
    return file.file();
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Stages omitted for every rule. */
  public List<String> omitStages() {
    return omitStages;
  }

  /** The first rule every Secret request matches, if any. */
  public Optional<Rule> secretsRule() {
    return rules.stream().filter(Rule::matchesAllSecrets).findFirst();
  }

  /** The level of a Secret request no narrower rule catches: {@code None} when no rule matches. */
  public String secretsLevel() {
    return secretsRule().map(Rule::level).orElse("None");
  }

  /**
   * Every level some Secret request may get, in rule order: the narrower rules before the first
   * rule matching them all, then that rule's level ({@code None} when there is none).
   */
  public List<String> secretsLevels() {
    Set<String> out = new LinkedHashSet<>();
    for (Rule r : rules) {
      if (r.matchesSomeSecrets()) {
        out.add(r.level());
      }
      if (r.matchesAllSecrets()) {
        return List.copyOf(out);
      }
    }
    out.add("None");
    return List.copyOf(out);
  }

  /** True when some Secret request is logged with its body (Request or RequestResponse). */
  public boolean secretBodiesLogged() {
    return secretsLevels().stream().anyMatch(l -> l.startsWith("Request"));
  }

  /**
   * Facts for the benchmark: {@code rules.present}, {@code rules.count}, {@code secrets.level},
   * {@code secrets.levels}, {@code secrets.bodiesLogged}, {@code secrets.metadata} (true when every
   * Secret request is logged at Metadata exactly) and {@code omitStages}.
   */
  public List<Setting> facts() {
    Optional<Location> top = Optional.of(file.locationOf(file.root()));
    Optional<Location> at = secretsRule().map(Rule::location).or(() -> top);
    Optional<Location> leak =
        rules.stream()
            .filter(r -> r.matchesSomeSecrets() && r.level().startsWith("Request"))
            .findFirst()
            .map(Rule::location)
            .or(() -> at);
    List<Setting> out = new ArrayList<>();
    out.add(new Setting("rules.present", String.valueOf(!rules.isEmpty()), top));
    out.add(new Setting("rules.count", String.valueOf(rules.size()), top));
    out.add(new Setting("secrets.level", secretsLevel(), at));
    out.add(new Setting("secrets.levels", String.join(",", secretsLevels()), at));
    out.add(new Setting("secrets.bodiesLogged", String.valueOf(secretBodiesLogged()), leak));
    out.add(
        new Setting(
            "secrets.metadata",
            String.valueOf(secretsLevels().equals(List.of("Metadata"))),
            secretBodiesLogged() ? leak : at));
    out.add(new Setting("omitStages", String.join(",", omitStages), top));
    return out;
  }
}
