// The sharing service as its own process (distributed mode): its one composition on Postgres, Kafka
// and Mongo. Besides the common variables it needs CANDOR_LINK_KEYS, the keys share tokens and
// viewing passes are derived under (config.ts).
import { main } from '@candor/runtime/distributed';
import { composeSharingService } from './compose';
import { sharingEnv } from './config';
import { sharingService } from './service';

main({ ...sharingService, env: sharingEnv, compose: (config, adapters) => composeSharingService(config, adapters) });
