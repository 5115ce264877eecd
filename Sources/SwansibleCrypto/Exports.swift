/// The values every stage shares are part of this module's API.
@_exported import SwansibleValue
