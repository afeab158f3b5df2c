import type { Infra, InfraName } from './infra';
export interface StartedInfra {
    infra: Infra;
    stop(): Promise<void>;
}
/** Starts containers for the named servers (chromium and the weed program are not containers: ignored). */
export declare function startContainers(names: InfraName[]): Promise<StartedInfra>;
