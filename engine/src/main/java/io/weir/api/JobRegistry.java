package io.weir.api;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds jobs by name: those registered in META-INF/services/io.weir.api.Job, or a class name. */
public final class JobRegistry {
  private JobRegistry() {
  }

  public static Map<String, Job> known() {
    Map<String, Job> jobs = new TreeMap<>();
    for (Job job : ServiceLoader.load(Job.class, JobRegistry.class.getClassLoader())) {
      jobs.put(job.name(), job);
    }
    return jobs;
  }

  public static Job find(String name) {
    Job job = known().get(name);
    if (job != null) {
      return job;
    }
    if (name.contains(".")) {
      try {
        Class<?> type = Class.forName(name, false, JobRegistry.class.getClassLoader());
        if (Job.class.isAssignableFrom(type)) {
          return (Job) type.getDeclaredConstructor().newInstance();
        }
        throw new UnknownJobException("class " + name + " is not a Job (it must implement io.weir.api.Job)");
      } catch (ClassNotFoundException e) {
        // fall through to the unknown-job message
      } catch (ReflectiveOperationException e) {
        throw new UnknownJobException("job class " + name + " cannot be created: " + e);
      }
    }
    throw new UnknownJobException("unknown job '" + name + "' (known: " + String.join(", ", known().keySet()) + ")");
  }
}
