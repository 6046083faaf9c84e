package io.meshage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshNode;
import io.meshage.group.Groups;
import io.meshage.group.Member;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shell's {@code group list} on two linked loopback nodes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupListTest {

  private static List<String> run(Session session, String line) throws Exception {
    StringWriter out = new StringWriter();
    new Shell(session.commands(), LineSource.plain(
        new BufferedReader(new StringReader(line + "\n")), new PrintWriter(out))).run();
    return out.toString().lines().toList();
  }

  @Test
  void listsTheGroupsANodeKnows() throws Exception {
    MeshNode n1 = LocalNodes.start(LocalNodes.config("n1", 0).degree(0));
    MeshNode n2 = LocalNodes.start(LocalNodes.config("n2", 0).degree(0));
    Session s1 = Session.attach(n1, false);
    try {
      Groups g1 = n1.groups();
      Groups g2 = n2.groups();
      n1.dial(ShellCommands.hostPort(n2));
      assertThat(LocalNodes.eventually(List.of(n1, n2),
          () -> n1.mesh().size() == 2 && n2.mesh().size() == 2, Duration.ofSeconds(10))).isTrue();
      assertThat(run(s1, "group list")).startsWith("no groups on n1");
      Member alice = g1.member("alice", "s", m -> {});
      String id = g1.create(alice, false, true, Duration.ofSeconds(60), Duration.ZERO).get(10, TimeUnit.SECONDS);
      g2.join(id, g2.member("bob", "s", m -> {})).get(10, TimeUnit.SECONDS);
      List<String> out = run(s1, "group list");
      assertThat(out.get(0)).isEqualTo(id + " holder=n1 members=2 local=1 nodes=n1,n2");
      assertThat(out.get(1)).startsWith("counters:").contains("created=1", "joins_held=2");
      assertThat(run(s1, "group")).containsExactly("error: group needs a command: list");
    } finally {
      s1.close();
      n1.close();
      n2.close();
    }
  }
}
