/// The values, text forms and source locations every stage shares are part of this module's API.
@_exported import SwansibleValue
