package io.meshage;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.meshage.command.ArchProbeBridge;
import io.meshage.internal.link.ArchProbeUpward;
import io.meshage.internal.routing.ArchProbeCycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The layers of meshage-core, bottom up, and the rules that keep dependencies pointing down:
 *
 * <ol>
 *   <li><b>Values</b>: everything in the public packages, the API: the interfaces users hold
 *       ({@code MeshNode}, {@code MeshCommands}, {@code ClusterInfo}, {@code BilateralRpc}, {@code
 *       Groups}, {@code Notifications}, {@code MeshFiles}) and the value types (config, verdicts,
 *       counters, exceptions, SPI interfaces); they use only each other and the leaf helpers.
 *   <li><b>Leaf helpers</b>: {@code internal.codec}, {@code internal.keys} and {@code
 *       internal.check}, pure code with no dependency on anything above.
 *   <li><b>Transport SPI</b> ({@code internal.transport}), then the <b>kernel</b> ({@code
 *       io.meshage.internal}: {@code EventLoop}, {@code NodeContext}, {@code Published}, ...).
 *   <li><b>Parts</b>: links, membership, messaging, routing, security, the TCP and fault
 *       transports; no cycle among them.
 *   <li><b>Node</b> ({@code internal.node}): the node core and the TCP node factory, the
 *       composition root that builds the parts with their constructors.
 *   <li><b>Calls</b> ({@code internal.call}): the call engine under every request path (kernel
 *       and values only).
 *   <li><b>Commands</b> ({@code internal.command}): the command layer on the core.
 *   <li><b>Facades</b>: the implementations of the public interfaces, built with their
 *       constructors by the node factories: {@code internal.facade} ({@code LocalNode} and the
 *       layers' wiring), {@code internal.cluster}, {@code internal.rpc}, {@code internal.group} and
 *       {@code internal.file}; and any class of the public packages that reaches past the leaf
 *       helpers into the inside (none does).
 *   <li><b>Simulator engine</b> ({@code internal.sim}): a node factory on virtual time (clock,
 *       network, nodes' lifecycle); it hands out node runtimes, never facades.
 *   <li><b>Simulator</b> ({@code io.meshage.sim}): the public harness that wraps the engine's nodes in
 *       {@code MeshNode}s.
 * </ol>
 *
 * Each layer may use those below it; nothing inside ({@code io.meshage.internal..}) but the facade
 * implementations refers to a facade, and the internal packages have no dependency cycle. The one
 * dependency that points up is the entry point {@code MeshNode.start}, which calls the TCP node
 * factory of the facades ({@code LocalNode.start}); nothing else may. The public API names only
 * exported types: no public or protected member of a public class of an exported package has a
 * type of a package the module does not export in its signature. A probe test shows each rule
 * fails when such a dependency is added.
 */
@Timeout(120)
class ArchitectureTest {
  private static final String INTERNAL = "io.meshage.internal";
  private static final Set<String> PUBLIC_PACKAGES =
      Set.of("io.meshage", "io.meshage.command", "io.meshage.rpc", "io.meshage.group", "io.meshage.file");
  /** Where the node's face is put together: {@code LocalNode} and the layers' wiring. */
  private static final String FACADE_IMPLEMENTATIONS = INTERNAL + ".facade";
  /**
   * The packages that implement the public interfaces: the node's face, and one per layer on top
   * (cluster info, RPC, groups and notifications, files). Only they, and the simulator harness,
   * may use one another.
   */
  private static final String[] IMPLEMENTATION_PACKAGES = {
    FACADE_IMPLEMENTATIONS + "..", INTERNAL + ".cluster..", INTERNAL + ".rpc..", INTERNAL + ".group..",
    INTERNAL + ".file.."
  };
  private static final Set<String> LEAF_PACKAGES =
      Set.of(INTERNAL + ".codec", INTERNAL + ".keys", INTERNAL + ".check");
  /** What the module exports (module-info.java): the public packages and the simulator harness. */
  private static final Set<String> EXPORTED_PACKAGES = exported();
  /** The one dependency from the public packages up to the facades: the TCP entry point. */
  private static final String ENTRY_POINT = "Method <io.meshage.MeshNode.start(io.meshage.MeshConfig)>";

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
  void thePublicApiNamesOnlyExportedTypes() {
    apiNamesOnlyExportedTypes().check(main);
  }

  @Test
  void thePublicPackagesHoldOnlyTheApi() {
    publicPackagesHoldOnlyValues().check(main);
  }

  @Test
  void onlyTheEntryPointReachesTheFacadeImplementations() {
    publicPackagesReachFacadesOnlyAtTheEntryPoint().check(main);
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
    JavaClasses withBridge = mainWith(all, ArchProbeBridge.class);
    assertThat(internalPackagesAreAcyclic().evaluate(withCycle).hasViolation()).isTrue();
    assertThat(layers().evaluate(withCycle).hasViolation()).isTrue();
    assertThat(insideDoesNotUseFacades().evaluate(withUpward).hasViolation()).isTrue();
    assertThat(layers().evaluate(withUpward).hasViolation()).isTrue();
    assertThat(apiNamesOnlyExportedTypes().evaluate(withBridge).hasViolation()).isTrue();
    assertThat(publicPackagesReachFacadesOnlyAtTheEntryPoint().evaluate(withBridge).hasViolation()).isTrue();
    assertThat(publicPackagesHoldOnlyValues().evaluate(withBridge).hasViolation()).isTrue();
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
        .layer("Facades").definedBy(FACADES.or(resideInAnyPackage(IMPLEMENTATION_PACKAGES)))
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
        .ignoreDependency(
            DescribedPredicate.describe("MeshNode", (JavaClass c) -> c.getName().equals("io.meshage.MeshNode")),
            DescribedPredicate.describe(
                "LocalNode (the entry point MeshNode.start; see onlyTheEntryPointReachesTheFacadeImplementations)",
                (JavaClass c) -> c.getName().equals(FACADE_IMPLEMENTATIONS + ".LocalNode")))
        .because("packages depend downward only (see ArchitectureTest's class comment)");
  }

  static ArchRule insideDoesNotUseFacades() {
    return noClasses()
        .that().resideInAPackage(INTERNAL + "..")
        .and().resideOutsideOfPackages(IMPLEMENTATION_PACKAGES)
        .should().dependOnClassesThat(FACADES.or(resideInAnyPackage(IMPLEMENTATION_PACKAGES)))
        .because("the inside is built by the node factories with constructors and never calls up");
  }

  static ArchRule noClassForName() {
    return noClasses()
        .should().callMethod(Class.class, "forName", String.class)
        .orShould().callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
        .because("the node factories wire the parts with constructors, not by loading classes");
  }

  /**
   * No public or protected member of a public class of an exported package (nor the class's
   * supertypes) names a type of a package the module does not export: code outside the module
   * could not call it, so it is an internal hook in the public API. The JDK's types are allowed.
   */
  static ArchRule apiNamesOnlyExportedTypes() {
    return classes()
        .that(DescribedPredicate.describe("public classes of the exported packages", ArchitectureTest::isApiType))
        .should(new ArchCondition<JavaClass>("name only exported types in their public signatures") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            Set<JavaClass> supertypes = new HashSet<>(c.getRawInterfaces());
            c.getRawSuperclass().ifPresent(supertypes::add);
            for (JavaClass t : supertypes) {
              if (!exportedOrJdk(t)) {
                events.add(SimpleConditionEvent.violated(c, c.getName() + " extends " + t.getName()));
              }
            }
            for (JavaMember m : c.getMembers()) {
              if (!isApiMember(m)) {
                continue;
              }
              Set<JavaClass> named = m instanceof JavaCodeUnit u
                  ? u.getAllInvolvedRawTypes()
                  : ((JavaField) m).getType().getAllInvolvedRawTypes();
              for (JavaClass t : named) {
                if (!exportedOrJdk(t)) {
                  events.add(SimpleConditionEvent.violated(
                      m, m.getFullName() + " names " + t.getName() + ", which the module does not export"));
                }
              }
            }
          }
        })
        .because("users get only types they can name; the node factories build the implementations");
  }

  /**
   * Every class of the public packages is API: an interface or a value type that uses nothing
   * inside but the leaf helpers (the entry point {@code MeshNode.start} aside). A class that holds
   * or reaches the node's parts belongs in an implementation package.
   */
  static ArchRule publicPackagesHoldOnlyValues() {
    return noClasses()
        .that(DescribedPredicate.describe("classes of the public packages", ArchitectureTest::inPublicPackage))
        .should(new ArchCondition<JavaClass>("reach the inside past the leaf helpers") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            boolean reaches = isFacade(c);
            events.add(new SimpleConditionEvent(c, reaches,
                c.getName() + (reaches ? " reaches" : " does not reach") + " the inside past the leaf helpers"));
          }
        })
        .because("implementations live in packages the module does not export");
  }

  /**
   * The public packages reach the facade implementations only through {@code MeshNode.start}, the
   * entry point that calls the TCP node factory: nothing else of the API may call up.
   */
  static ArchRule publicPackagesReachFacadesOnlyAtTheEntryPoint() {
    return classes()
        .that(DescribedPredicate.describe("classes of the public packages", ArchitectureTest::inPublicPackage))
        .should(new ArchCondition<JavaClass>("reach the facade implementations only at " + ENTRY_POINT) {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
              if (inFacadeImplementations(d.getTargetClass()) && !isEntryPoint(d)) {
                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
              }
            }
          }
        })
        .because("the implementations are built by the node factories, not found by the API");
  }

  // ---------------------------------------------------------------- classifying the public packages

  private static Set<String> exported() {
    try {
      return Set.copyOf(ApiSignatures.exportedPackages(Path.of("src", "main", "java", "module-info.java")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isApiType(JavaClass c) {
    if (!EXPORTED_PACKAGES.contains(c.getPackageName())) {
      return false;
    }
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isApiMember(JavaMember m) {
    Set<JavaModifier> mods = m.getModifiers();
    return (mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED))
        && !mods.contains(JavaModifier.SYNTHETIC)
        && !mods.contains(JavaModifier.BRIDGE);
  }

  private static boolean exportedOrJdk(JavaClass t) {
    JavaClass base = t;
    while (base.isArray()) {
      base = base.getComponentType();
    }
    String p = base.getPackageName();
    return base.isPrimitive() || p.startsWith("java.") || p.startsWith("javax.") || EXPORTED_PACKAGES.contains(p);
  }

  private static boolean inFacadeImplementations(JavaClass c) {
    return resideInAnyPackage(IMPLEMENTATION_PACKAGES).test(c);
  }

  private static boolean isEntryPoint(Dependency d) {
    return d.getOriginClass().getName().equals("io.meshage.MeshNode")
        && d.getTargetClass().getName().equals(FACADE_IMPLEMENTATIONS + ".LocalNode")
        && d.getDescription().startsWith(ENTRY_POINT);
  }

  private static boolean inPublicPackage(JavaClass c) {
    return PUBLIC_PACKAGES.contains(c.getPackageName());
  }

  /**
   * A class of the public packages that holds or reaches the inside: a class that depends on an
   * internal package other than the leaf helpers (the entry point {@code MeshNode.start} aside), or
   * on another such class of the public packages. What is left,
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
    for (Dependency d : c.getDirectDependenciesFromSelf()) {
      if (isEntryPoint(d)) {
        continue;
      }
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
