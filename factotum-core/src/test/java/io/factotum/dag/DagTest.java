package io.factotum.dag;

import io.factotum.engine.Tasks;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.factotum.engine.Tasks.factfile;
import static io.factotum.engine.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checklist group "Factfile / sequencer / dot" (spec 8) and the rules of spec 1.5, 4.1, 4.2. */
class DagTest {
    /** apple, turnip, orange(apple), egg(apple), potato(apple, egg), chicken(potato, orange). */
    static Factfile apples() {
        return factfile(task("apple"), task("turnip"), task("orange", "apple"), task("egg", "apple"),
                task("potato", "apple", "egg"), task("chicken", "potato", "orange"));
    }

    private static List<List<String>> levels(Dag dag) {
        return dag.levels().stream().map(Tasks::names).toList();
    }

    @Test
    void duplicateTaskNameIsRejectedWithFactotumsPanicText() {
        assertThatThrownBy(() -> Dag.of(factfile(task("hello"), task("hello"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Key 'hello' already exists!");
    }

    @Test
    void selfDependencyIsRejected() {
        assertThatThrownBy(() -> Dag.of(factfile(task("hello", "hello"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A task cannot depend on itself");
    }

    @Test
    void undefinedOrForwardDependencyIsRejected() {
        assertThatThrownBy(() -> Dag.of(factfile(task("a", "b"), task("b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("A task must have it's dependencies already defined")
                .hasMessage("A task must have it's dependencies already defined - couldn't find definition of b");
    }

    @Test
    void aComplicatedTreeWorks() {
        assertThat(levels(Dag.of(apples())))
                .containsExactly(List.of("turnip", "apple"), List.of("egg", "orange"), List.of("potato"),
                        List.of("chicken"));
    }

    @Test
    void hierarchyOnlyLast() {
        Dag dag = Dag.of(factfile(task("a"), task("b", "a"), task("c", "a"), task("banana", "b", "a")));
        assertThat(levels(dag)).containsExactly(List.of("a"), List.of("c", "b"), List.of("banana"));
    }

    @Test
    void noCyclesOk() {
        Dag dag = Dag.of(factfile(task("hello"), task("hello_world", "hello"), task("say_hello", "hello"),
                task("say_goodbye", "say_hello", "hello_world")));
        assertThat(levels(dag)).containsExactly(List.of("hello"), List.of("say_hello", "hello_world"),
                List.of("say_goodbye"));
    }

    @Test
    void getTasksInOrderBasic() {
        Dag dag = Dag.of(factfile(task("root"), task("child1", "root"), task("child2", "root"),
                task("grandchild", "child1")));
        assertThat(levels(dag)).containsExactly(List.of("root"), List.of("child2", "child1"), List.of("grandchild"));
    }

    @Test
    void rootChildrenAreRootTasksInReverseFileOrderAndChildrenLikewise() {
        Dag dag = Dag.of(apples());
        assertThat(dag.children("apple")).containsExactly("potato", "egg", "orange");
        assertThat(dag.parents("chicken")).containsExactly("potato", "orange");
        assertThat(levels(Dag.of(factfile(task("x"), task("y"), task("z"))))).containsExactly(List.of("z", "y", "x"));
    }

    @Test
    void parallelEdgesRepeatTheChildButNotTheTask() {
        Dag dag = Dag.of(factfile(task("a"), task("b", "a", "a")));
        assertThat(dag.children("a")).containsExactly("b", "b");
        assertThat(dag.descendants("a")).containsExactly("b");
        assertThat(levels(dag)).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void recursiveFindByNameLocatesAGrandchild() {
        Dag dag = Dag.of(factfile(task("root"), task("child", "root"), task("grandchild", "child")));
        assertThat(dag.task("grandchild")).map(TaskSpec::name).contains("grandchild");
        assertThat(dag.task("nobody")).isEmpty();
    }

    @Test
    void descendantsAreSortedAndDeduplicated() {
        Dag dag = Dag.of(factfile(task("root"), task("child", "root"), task("grandchild2", "child"),
                task("grandchild", "child", "root")));
        assertThat(dag.descendants("root")).containsExactly("child", "grandchild", "grandchild2");
        assertThat(dag.descendants("unknown")).isEmpty();
    }

    @Test
    void descendantsOfTheAppleGraph() {
        Dag dag = Dag.of(apples());
        assertThat(dag.descendants("apple")).containsExactly("chicken", "egg", "orange", "potato");
        assertThat(dag.descendants("egg")).containsExactly("chicken", "potato");
        assertThat(dag.descendants("orange")).containsExactly("chicken");
        assertThat(dag.descendants("turnip")).isEmpty();
    }

    @Test
    void canJobRunFromTask() {
        Dag dag = Dag.of(factfile(task("a"), task("b", "a"), task("c", "a"), task("d", "b", "c")));
        assertThat(dag.isProperSubTree("c")).isFalse();
        assertThat(dag.isProperSubTree("a")).isTrue();
        assertThatThrownBy(() -> dag.isProperSubTree("zzz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void properSubTreeFromRootIsTrueAndAChildWhoseGrandchildHasAnotherParentIsNot() {
        Dag dag = Dag.of(factfile(task("root"), task("child1", "root"), task("child2", "root"),
                task("grandchild", "child1", "child2")));
        assertThat(dag.isProperSubTreeFromRoot()).isTrue();
        assertThat(dag.isProperSubTree("root")).isTrue();
        assertThat(dag.isProperSubTree("child2")).isFalse();
        assertThat(dag.isProperSubTree("child1")).isFalse();
    }

    @Test
    void properSubTreeQuirkRejectsAParentThatIsADeeperDescendant() {
        // S -> X and S -> A -> B -> C -> X: X is reached at distance 1 but its parent C only at 3.
        Dag dag = Dag.of(factfile(task("S"), task("A", "S"), task("B", "A"), task("C", "B"), task("X", "S", "C")));
        assertThat(dag.isProperSubTree("S")).isFalse();
        // Reached in step: S -> A -> X with X's other parent A at the same distance is fine.
        Dag fine = Dag.of(factfile(task("S"), task("A", "S"), task("X", "S", "A")));
        assertThat(fine.isProperSubTree("S")).isTrue();
    }

    @Test
    void levelsFromAnUnknownTaskFailWithFactotumsPanicText() {
        Dag empty = Dag.of(factfile());
        assertThatThrownBy(() -> empty.levelsFrom("potato")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot start from potato - task does not exist");
    }

    @Test
    void levelsFromAMiddleTask() {
        Dag dag = Dag.of(factfile(task("a"), task("b", "a"), task("c", "b")));
        assertThat(dag.levelsFrom("b").stream().map(Tasks::names).toList())
                .containsExactly(List.of("b"), List.of("c"));
    }

    @Test
    void levelsFromPotatoInTheAppleGraph() {
        List<List<TaskSpec>> levels = Dag.of(apples()).levelsFrom("potato");
        assertThat(levels.get(0)).hasSize(1);
        assertThat(levels.stream().map(Tasks::names).toList()).containsExactly(List.of("potato"), List.of("chicken"));
    }

    @Test
    void emptyFactfileHasNoLevels() {
        assertThat(Dag.of(factfile()).levels()).isEmpty();
    }

    @Test
    void wideDiamondChainsStayFast() {
        // Factotum's start lists double at every diamond; 60 stacked diamonds would be 2^60 entries.
        List<TaskSpec> tasks = new java.util.ArrayList<>();
        tasks.add(task("n0"));
        for (int i = 1; i <= 60; i++) {
            tasks.add(task("l" + i, "n" + (i - 1)));
            tasks.add(task("r" + i, "n" + (i - 1)));
            tasks.add(task("n" + i, "l" + i, "r" + i));
        }
        Dag dag = Dag.of(factfile(tasks.toArray(TaskSpec[]::new)));
        assertThat(dag.levels()).hasSize(121);
        assertThat(dag.isProperSubTree("n0")).isTrue();
    }
}
