// The invite service as its own process (distributed mode): its one composition on Postgres, Kafka
// and Mongo. Besides the common variables it needs CANDOR_LINK_KEYS (config.ts).
import { main } from '@candor/runtime/distributed';
import { composeInviteService } from './compose';
import { inviteEnv } from './config';
import { inviteService } from './service';

main({ ...inviteService, env: inviteEnv, compose: (config, adapters) => composeInviteService(config, adapters) });
