/** Tests start their own redis-server on a free loopback port in a temporary folder, and stop it after. */
export { startLocalRedis as startRedis, freePort, type LocalRedis } from '../../src/main/core/bench/localRedis'
