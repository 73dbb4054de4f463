import { defineCatalogue } from '#web';

/**
 * What the OIDC engine's error descriptions (oidc-provider's English `error_description`) mean,
 * for the error page: pages/engine-errors.ts maps each description to one of these keys.
 */
export const engineErrorMessages = defineCatalogue({
  'zh-TW': {
    'engineError.unknown': '應用程式送出的請求無法處理。',
    'engineError.clientInvalid':
      '找不到這個應用程式，或它已停用。請回到原應用程式，或聯絡該應用程式的管理者。',
    'engineError.clientNotAllowed': '這個應用程式不得使用此功能。',
    'engineError.redirectUri':
      '應用程式提供的返回網址（redirect_uri）與它註冊的網址不符，為了您的安全已停止登入。',
    'engineError.requestInvalid': '請求的內容有誤。',
    'engineError.missingParams': '請求缺少必要的參數：{params}。',
    'engineError.duplicateParams': '參數重複出現：{params}。',
    'engineError.invalidChars': '參數 {param} 含有不允許的字元。',
    'engineError.paramLength': '參數 {param} 的長度不符合規定。',
    'engineError.responseType': '應用程式要求的回應類型（response_type）不受支援，或未替此應用程式開放。',
    'engineError.responseMode': '應用程式要求的回應方式（response_mode）不受支援，或未替此應用程式開放。',
    'engineError.grantType': '應用程式要求的授權方式（grant_type）不受支援，或未替此應用程式開放。',
    'engineError.scope': '應用程式要求的資料範圍（scope）未經核准，或格式有誤。',
    'engineError.openidScope': '請求必須包含 openid 範圍。',
    'engineError.pkce': '這個應用程式必須使用 PKCE（code_challenge），請求未提供或格式有誤。',
    'engineError.maxAge': 'max_age 參數的值無效。',
    'engineError.prompt': 'prompt 參數的值不受支援（prompt=none 不可與其他值並用）。',
    'engineError.claims': 'claims 參數的格式有誤。',
    'engineError.requestObject': '請求物件（request / request_uri）無效或不受支援。',
    'engineError.postLogoutRedirect': '登出後的返回網址（post_logout_redirect_uri）未經註冊。',
    'engineError.idTokenHint': '登出請求附帶的 id_token_hint 無效，或不屬於這個應用程式。',
    'engineError.xsrf': '登出確認已逾時或重複送出，請重新操作一次。',
    'engineError.session': '登入請求已失效，或已在其他分頁完成。',
    'engineError.token': '存取權杖無效或已過期。',
    'engineError.body': '無法讀取送出的資料，或資料格式不受支援。',
    'engineError.clientAuth': '應用程式的身分驗證方式有誤。',
    'engineError.dpop': 'DPoP 證明有誤或未提供。',
    'engineError.target': '要求的資源（resource）不存在或未經核准。',
    'engineError.origin': '這個來源網站不得代表該應用程式送出請求。',
    'engineError.notFound': '找不到這個網址。',
  },
  en: {
    'engineError.unknown': 'The application sent a request that cannot be processed.',
    'engineError.clientInvalid':
      'This application is unknown or disabled. Go back to it, or contact the people who run it.',
    'engineError.clientNotAllowed': 'This application may not use this function.',
    'engineError.redirectUri':
      'The return address (redirect_uri) the application sent does not match the ones it registered, so sign-in stopped for your safety.',
    'engineError.requestInvalid': 'The request is invalid.',
    'engineError.missingParams': 'The request lacks required parameters: {params}.',
    'engineError.duplicateParams': 'Parameters given more than once: {params}.',
    'engineError.invalidChars': 'The parameter {param} contains characters that are not allowed.',
    'engineError.paramLength': 'The parameter {param} has a length that is not allowed.',
    'engineError.responseType':
      'The response type (response_type) the application asked for is not supported or not enabled for it.',
    'engineError.responseMode':
      'The response mode (response_mode) the application asked for is not supported or not enabled for it.',
    'engineError.grantType':
      'The grant type (grant_type) the application asked for is not supported or not enabled for it.',
    'engineError.scope': 'The data (scope) the application asked for is not approved for it, or malformed.',
    'engineError.openidScope': 'The request must include the openid scope.',
    'engineError.pkce':
      'This application must use PKCE (code_challenge); the request lacks it or it is malformed.',
    'engineError.maxAge': 'The max_age parameter is invalid.',
    'engineError.prompt':
      'The prompt parameter is not supported (prompt=none cannot be combined with others).',
    'engineError.claims': 'The claims parameter is malformed.',
    'engineError.requestObject': 'The request object (request / request_uri) is invalid or not supported.',
    'engineError.postLogoutRedirect':
      'The address to return to after sign-out (post_logout_redirect_uri) is not registered.',
    'engineError.idTokenHint':
      'The id_token_hint of the sign-out request is invalid or belongs to another application.',
    'engineError.xsrf': 'The sign-out confirmation expired or was sent twice; please try again.',
    'engineError.session': 'The sign-in request expired, or was completed in another tab.',
    'engineError.token': 'The access token is invalid or expired.',
    'engineError.body': 'The submitted data could not be read, or its format is not supported.',
    'engineError.clientAuth': 'The application authenticated itself the wrong way.',
    'engineError.dpop': 'The DPoP proof is wrong or missing.',
    'engineError.target': 'The requested resource is unknown or not approved.',
    'engineError.origin': 'This website may not send requests on behalf of the application.',
    'engineError.notFound': 'There is no page at this address.',
  },
});
