import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { AccessTokenClaims, StaffActor } from '@hirefair/core';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): StaffActor | false {
    if (claims.typ !== 'staff') return false;
    return {
      kind: 'staff',
      userId: claims.sub,
      organizationId: claims.org,
      roles: claims.roles,
      businessUnitIds: claims.bu,
    };
  }
}
