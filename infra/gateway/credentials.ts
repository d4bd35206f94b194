/** Development-only credentials of the stand-in gateway (GATEWAY_USERNAME / GATEWAY_PASSWORD override them). */
export const DEV_GATEWAY_USERNAME = 'naskah';
export const DEV_GATEWAY_PASSWORD = 'naskah-gateway-dev';
