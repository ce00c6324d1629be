/**
 * Schedules: a job request fired by a cron expression in a time zone, with its overlap and misfire
 * policies ({@link io.factotum.schedule.Schedule}), the cron arithmetic
 * ({@link io.factotum.schedule.CronSchedule}) and the record each tick leaves
 * ({@link io.factotum.schedule.ScheduleTick}). Firing lives in {@code io.factotum.scheduler}
 * ({@code ScheduleFirer}); storage behind {@link io.factotum.store.ScheduleStore}.
 */
package io.factotum.schedule;
