package io.factotum.engine;

import io.factotum.dag.Dag;
import io.factotum.factfile.Factfile;
import io.factotum.factfile.OnResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.factotum.engine.Tasks.factfile;
import static io.factotum.engine.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checklist "Task list / executor": the execution list and --start (spec 4.1, 4.2). */
class JobPlanTest {
    static Factfile apples() {
        return factfile(task("apple"), task("turnip"), task("orange", "apple"), task("egg", "apple"),
                task("potato", "apple", "egg"), task("chicken", "potato", "orange"));
    }

    @Test
    void executionListGroupsOfTheAppleGraph() throws Exception {
        JobPlan plan = JobPlan.of(apples(), Optional.empty());
        assertThat(Tasks.names(plan)).containsExactly(List.of("turnip", "apple"), List.of("egg", "orange"),
                List.of("potato"), List.of("chicken"));
        assertThat(Tasks.names(plan.tasks())).containsExactly("turnip", "apple", "egg", "orange", "potato", "chicken");
        assertThat(plan.dag().descendants("apple")).containsExactly("chicken", "egg", "orange", "potato");
    }

    @Test
    void reducedListFromPotato() throws Exception {
        // Factotum's reduced task list is built without the sub-tree check, which potato fails
        // (chicken also depends on orange): JobPlan.of refuses it, the list itself is still right.
        assertThatThrownBy(() -> JobPlan.of(apples(), Optional.of("potato"))).isInstanceOf(PlanException.class);
        Dag dag = Dag.of(apples());
        JobPlan plan = JobPlan.fromGroups(apples(), Optional.of("potato"), dag, dag.levelsFrom("potato"));
        assertThat(plan.levels().get(0)).hasSize(1);
        assertThat(Tasks.names(plan)).containsExactly(List.of("potato"), List.of("chicken"));
        assertThat(plan.dag().descendants("potato")).containsExactly("chicken");
        assertThat(plan.startTask()).contains("potato");
    }

    @Test
    void startTaskWithItsWholeSubTree() throws Exception {
        JobPlan plan = JobPlan.of(apples(), Optional.of("apple"));
        assertThat(Tasks.names(plan)).containsExactly(List.of("apple"), List.of("egg", "orange"), List.of("potato"),
                List.of("chicken"));
    }

    @Test
    void unknownStartTask() {
        assertThatThrownBy(() -> JobPlan.of(apples(), Optional.of("kiwi")))
                .isInstanceOfSatisfying(PlanException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanException.Reason.TASK_NOT_FOUND))
                .hasMessage("the task specified could not be found");
    }

    @Test
    void startTaskThatIsNotAProperSubTree() {
        Factfile f = factfile(task("a"), task("b", "a"), task("c", "a"), task("d", "b", "c"));
        assertThatThrownBy(() -> JobPlan.of(f, Optional.of("c")))
                .isInstanceOfSatisfying(PlanException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanException.Reason.NOT_A_SUB_TREE))
                .hasMessage("the job cannot be started here without triggering prior tasks");
    }

    @Test
    void addingAGroupWithAnExistingNameIsRejected() {
        Factfile f = factfile(task("hello"));
        Dag dag = Dag.of(f);
        assertThatThrownBy(() -> JobPlan.fromGroups(f, Optional.empty(), dag,
                List.of(List.of(task("hello")), List.of(task("hello")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task 'hello' has been added already - task names must be unique");
    }

    @Test
    void commandLineOfATaskFollowsFormatArgs() {
        var t = new io.factotum.factfile.TaskSpec("x", "shell", "echo", List.of("hello", "world", "abc abc"),
                List.of(), io.factotum.factfile.OnResult.dryRun());
        assertThat(TaskInvocation.of(t).commandLine()).isEqualTo("echo \"hello\" \"world\" \"abc abc\"");
    }

    @Test
    void aDryRunPlanContinuesOnZeroEverywhere() throws Exception {
        OnResult strict = new OnResult(List.of(3), List.of(1));
        Factfile file = factfile(task("a").withOnResult(strict), task("b", "a").withOnResult(strict));
        JobPlan dry = JobPlan.forRun(file, Optional.empty(), true);
        assertThat(dry.tasks()).extracting(t -> t.onResult()).containsOnly(OnResult.dryRun());
        JobPlan real = JobPlan.forRun(file, Optional.of("b"), false);
        assertThat(real.tasks()).extracting(t -> t.onResult()).containsOnly(strict);
        assertThat(real.startTask()).contains("b");
    }
}
