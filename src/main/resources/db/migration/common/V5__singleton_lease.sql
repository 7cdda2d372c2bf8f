-- One row per singleton job (CRLs, outbox relay, recovery sweepers): the instance that holds it,
-- until when (the database's clock, so the instances' clocks never matter), and a fencing number
-- that grows by one each time the lease changes hands (store/LeaseStore). Valid on H2 and PostgreSQL.
create table singleton_lease (
    job varchar(64) primary key,
    holder varchar(255) not null,
    expires_at timestamp with time zone not null,
    fencing bigint not null
);
