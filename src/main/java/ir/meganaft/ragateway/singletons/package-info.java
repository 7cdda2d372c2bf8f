/**
 * Singleton jobs on one instance at a time: a Camel cluster service whose leadership is a lease row
 * in the database (store/LeaseStore). Routes opt in with a {@code ClusteredRoutePolicy} per job
 * ({@code routePolicy: crlJob} and the like), which starts them while this instance holds the job's
 * lease and stops them when it loses it.
 */
package ir.meganaft.ragateway.singletons;
