package io.weir.runtime.task;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.examples.nexmark.Nexmark;
import io.weir.examples.nexmark.NexmarkQueries;
import io.weir.testing.TestSinks.CollectingSink;

/** A Nexmark query whose lines go to a collecting sink named by {@code --sink}. */
public final class NexmarkTestJob implements Job {
  @Override
  public String name() {
    return "nexmark-test";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    String sink = args.require("--sink", "(the collecting sink's name)");
    NexmarkQueries.build(args.require("--query", "QUERY"), Nexmark.events(pipeline, args), Nexmark.params(args))
        .sink("collect", new CollectingSink<>(sink));
  }
}
