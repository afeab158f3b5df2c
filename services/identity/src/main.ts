// The identity service as its own process (distributed mode): its one composition on Postgres,
// Kafka and Mongo.
import { main } from '@candor/runtime/distributed';
import { composeIdentityService } from './compose';
import { identityEnv } from './config';
import { identityService } from './service';

main({ ...identityService, env: identityEnv, compose: composeIdentityService });
