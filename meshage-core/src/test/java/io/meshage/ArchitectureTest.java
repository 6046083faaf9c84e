package io.meshage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.meshage.internal.link.ArchProbeUpward;
import io.meshage.internal.routing.ArchProbeCycle;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layers of meshage-core, bottom up, and the rules that keep dependencies pointing down:
 *
 * <ol>
 *   <li><b>Values</b>: the public value types (config, verdicts, counters, exceptions, SPI
 *       interfaces) in the public packages; they use only each other and the leaf helpers.
 *   <li><b>Leaf helpers</b>: {@code internal.codec} and {@code internal.keys}, pure code with no
 *       dependency on anything above.
 *   <li><b>Transport SPI</b> ({@code internal.transport}), then the <b>kernel</b> ({@code
 *       io.meshage.internal}: {@code EventLoop}, {@code NodeContext}, {@code Published}, ...).
 *   <li><b>Parts</b>: links, membership, messaging, routing, security, the TCP and fault
 *       transports; no cycle among them.
 *   <li><b>Node</b> ({@code internal.node}): the node core and the TCP node factory, the
 *       composition root that builds the parts with their constructors.
 *   <li><b>Calls</b> ({@code internal.call}): the call engine under every request path (kernel
 *       and values only).
 *   <li><b>Commands</b> ({@code internal.command}): the command layer on the core.
 *   <li><b>Facades</b>: {@code MeshNode}, {@code MeshCommands}, {@code ClusterInfo}, {@code
 *       BilateralRpc}, {@code Groups}, {@code Notifications} and every class of the public packages
 *       that reaches past the leaf helpers into the inside.
 *   <li><b>Simulator engine</b> ({@code internal.sim}): a node factory on virtual time (clock,
 *       network, nodes' lifecycle); it hands out node runtimes, never facades.
 *   <li><b>Simulator</b> ({@code io.meshage.sim}): the public harness that wraps the engine's nodes in
 *       {@code MeshNode}s.
 * </ol>
 *
 * Each layer may use those below it; nothing inside ({@code io.meshage.internal..}) refers to a
 * facade, and the internal packages have no dependency cycle. A probe test shows each rule fails
 * when such a dependency is added.
 */
@Timeout(120)
class ArchitectureTest {
  private static final String INTERNAL = "io.meshage.internal";
  private static final Set<String> PUBLIC_PACKAGES =
      Set.of("io.meshage", "io.meshage.command", "io.meshage.rpc", "io.meshage.group", "io.meshage.file");
  private static final Set<String> LEAF_PACKAGES = Set.of(INTERNAL + ".codec", INTERNAL + ".keys");
  /** The entry points of the public API, which hold the node's parts. */
  private static final Set<String> ENTRY_FACADES =
      Set.of(
          "io.meshage.MeshNode",
          "io.meshage.command.MeshCommands",
          "io.meshage.command.ClusterInfo",
          "io.meshage.rpc.BilateralRpc",
          "io.meshage.group.Groups",
          "io.meshage.group.Notifications",
          "io.meshage.file.MeshFiles");

  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.meshage");
    assertThat(main.contain(MeshNode.class)).isTrue();
  }

  @Test
  void theInternalPackagesHaveNoCycle() {
    internalPackagesAreAcyclic().check(main);
  }

  @Test
  void dependenciesPointDownTheLayers() {
    layers().check(main);
  }

  @Test
  void nothingInsideRefersToAFacade() {
    insideDoesNotUseFacades().check(main);
  }

  @Test
  void noReflectiveWiring() {
    noClassForName().check(main);
  }

  /** The rules are not vacuous: each fails on a class that breaks it (test classes, not shipped). */
  @Test
  void eachRuleFailsWhenABadDependencyIsAdded() {
    JavaClasses all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.meshage");
    JavaClasses withCycle = mainWith(all, ArchProbeCycle.class);
    JavaClasses withUpward = mainWith(all, ArchProbeUpward.class);
    assertThat(internalPackagesAreAcyclic().evaluate(withCycle).hasViolation()).isTrue();
    assertThat(layers().evaluate(withCycle).hasViolation()).isTrue();
    assertThat(insideDoesNotUseFacades().evaluate(withUpward).hasViolation()).isTrue();
    assertThat(layers().evaluate(withUpward).hasViolation()).isTrue();
  }

  private static JavaClasses mainWith(JavaClasses all, Class<?> probe) {
    return all.that(
        DescribedPredicate.describe(
            "main classes and " + probe.getSimpleName(),
            (JavaClass c) -> main.contain(c.getName()) || c.getName().equals(probe.getName())));
  }

  // ---------------------------------------------------------------- the rules

  static ArchRule internalPackagesAreAcyclic() {
    return slices()
        .assignedFrom(
            new SliceAssignment() {
              @Override
              public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.equals(INTERNAL) || p.startsWith(INTERNAL + ".")
                    ? SliceIdentifier.of(p)
                    : SliceIdentifier.ignore();
              }

              @Override
              public String getDescription() {
                return "each package under " + INTERNAL;
              }
            })
        .should()
        .beFreeOfCycles()
        .because("packages depend downward only (see ArchitectureTest's class comment)");
  }

  static ArchRule layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Values").definedBy(VALUES)
        .layer("Leaf helpers").definedBy(INTERNAL + ".codec..", INTERNAL + ".keys..")
        .layer("Transport SPI").definedBy(INTERNAL + ".transport")
        .layer("Kernel").definedBy(INTERNAL)
        .layer("Parts").definedBy(
            INTERNAL + ".link..", INTERNAL + ".membership..", INTERNAL + ".messaging..",
            INTERNAL + ".routing..", INTERNAL + ".security..", INTERNAL + ".transport.tcp..",
            INTERNAL + ".transport.fault..")
        .layer("Node").definedBy(INTERNAL + ".node..")
        .layer("Calls").definedBy(INTERNAL + ".call..")
        .layer("Commands").definedBy(INTERNAL + ".command..")
        .layer("Facades").definedBy(FACADES)
        .layer("Simulator engine").definedBy(INTERNAL + ".sim..")
        .layer("Simulator").definedBy("io.meshage.sim..")
        .whereLayer("Simulator").mayNotBeAccessedByAnyLayer()
        .whereLayer("Simulator engine").mayOnlyBeAccessedByLayers("Simulator")
        .whereLayer("Facades").mayOnlyBeAccessedByLayers("Simulator")
        .whereLayer("Commands").mayOnlyBeAccessedByLayers("Facades")
        .whereLayer("Calls").mayOnlyBeAccessedByLayers("Commands", "Facades")
        .whereLayer("Node").mayOnlyBeAccessedByLayers("Commands", "Facades", "Simulator engine", "Simulator")
        .whereLayer("Parts").mayOnlyBeAccessedByLayers("Node", "Commands", "Facades", "Simulator engine")
        .whereLayer("Kernel")
        .mayOnlyBeAccessedByLayers("Parts", "Node", "Calls", "Commands", "Facades", "Simulator engine")
        .whereLayer("Transport SPI")
        .mayOnlyBeAccessedByLayers("Kernel", "Parts", "Node", "Calls", "Commands", "Facades", "Simulator engine")
        .whereLayer("Leaf helpers")
        .mayOnlyBeAccessedByLayers(
            "Values", "Transport SPI", "Kernel", "Parts", "Node", "Calls", "Commands", "Facades",
            "Simulator engine")
        .because("packages depend downward only (see ArchitectureTest's class comment)");
  }

  static ArchRule insideDoesNotUseFacades() {
    return noClasses()
        .that().resideInAPackage(INTERNAL + "..")
        .should().dependOnClassesThat(FACADES)
        .because("the inside is built by the node factories with constructors and never calls up");
  }

  static ArchRule noClassForName() {
    return noClasses()
        .should().callMethod(Class.class, "forName", String.class)
        .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
        .because("the node factories wire the parts with constructors, not by loading classes");
  }

  // ---------------------------------------------------------------- classifying the public packages

  private static boolean inPublicPackage(JavaClass c) {
    return PUBLIC_PACKAGES.contains(c.getPackageName());
  }

  private static String topLevelName(JavaClass c) {
    String n = c.getName();
    int dollar = n.indexOf('$');
    return dollar < 0 ? n : n.substring(0, dollar);
  }

  /**
   * A class of the public packages that holds or reaches the inside: an entry facade (or one of
   * its nested classes), or a class that depends on an internal package other than the leaf
   * helpers, on an entry facade, or on another such class of the public packages. What is left,
   * the value types, reaches nothing above the leaf helpers: a value type that starts to reach up
   * becomes a facade here, and then every class inside that uses it breaks {@link
   * #insideDoesNotUseFacades()}.
   */
  private static boolean isFacade(JavaClass c) {
    return inPublicPackage(c) && reachesUp(c, new HashSet<>());
  }

  private static boolean reachesUp(JavaClass c, Set<String> seen) {
    if (!seen.add(c.getName())) {
      return false;
    }
    if (ENTRY_FACADES.contains(topLevelName(c))) {
      return true;
    }
    for (Dependency d : c.getDirectDependenciesFromSelf()) {
      JavaClass target = d.getTargetClass();
      String p = target.getPackageName();
      boolean inside = p.equals(INTERNAL) || p.startsWith(INTERNAL + ".");
      boolean leaf = LEAF_PACKAGES.stream().anyMatch(l -> p.equals(l) || p.startsWith(l + "."));
      if (inside && !leaf) {
        return true;
      }
      if (inPublicPackage(target) && reachesUp(target, seen)) {
        return true;
      }
    }
    return false;
  }

  static final DescribedPredicate<JavaClass> FACADES =
      DescribedPredicate.describe("facades of the public packages", ArchitectureTest::isFacade);

  static final DescribedPredicate<JavaClass> VALUES =
      DescribedPredicate.describe(
          "value types of the public packages", c -> inPublicPackage(c) && !isFacade(c));
}
